package io.vamp.driver.spi.kv;

import static org.awaitility.Awaitility.await;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The key-value store contract, plus what only a backend with a server of its own can show: the data
 * outlives a restart of that server and open watches resume. Drivers of real servers (and of stand-ins
 * that can restart) extend this one; the in-process store extends {@link KeyValueStoreContract}.
 */
public abstract class RestartableKeyValueStoreContract extends KeyValueStoreContract {

  /** Restarts the server the clients talk to, keeping its data. */
  protected abstract void restartBackend();

  @Test
  void dataSurvivesABackendRestartAndWatchesResume() {
    store().put(key("k"), "before restart");
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("k"), false, events)) {
      events.awaitValues(key("k"), "before restart");

      restartBackend();

      await().atMost(WAIT).ignoreExceptions()
          .until(() -> store().get(key("k")).map(Versioned::value).equals(Optional.of("before restart")));
      await().atMost(WAIT).ignoreExceptions().until(() -> store().put(key("k"), "after restart") > 0);
      await().atMost(WAIT).until(() -> events.last(key("k")).map(Versioned::value)
          .equals(Optional.of("after restart")));
    }
  }

}
