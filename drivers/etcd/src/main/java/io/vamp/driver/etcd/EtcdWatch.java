package io.vamp.driver.etcd;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.vamp.driver.spi.kv.WatchDelivery;
import io.vamp.driver.spi.kv.KeyPaths;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch of one key or of a prefix: read the range at revision R, deliver it, watch from R + 1. jetcd
 * resumes a broken watch stream from the last revision it saw; when the watch ends anyway (an error, the
 * revision compacted away) this reads the range again and watches from there, delivering what changed,
 * deletions included. Events of an abandoned etcd watch are dropped by generation, repeats by
 * {@link WatchDelivery}.
 */
final class EtcdWatch implements Watch {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

  private final EtcdKeyValueStore store;
  private final String keyOrPrefix;
  private final boolean prefix;
  private final WatchDelivery delivery;
  private final Consumer<EtcdWatch> onClose;
  /** Touched on the delivery thread only. */
  private volatile Watcher watcher;
  private int generation;
  private int failures;

  EtcdWatch(EtcdKeyValueStore store, String keyOrPrefix, boolean prefix, WatchListener listener,
            Consumer<EtcdWatch> onClose) {
    this.store = store;
    this.keyOrPrefix = keyOrPrefix;
    this.prefix = prefix;
    this.onClose = onClose;
    this.delivery = new WatchDelivery("etcd", (prefix ? "prefix " : "key ") + keyOrPrefix, listener);
  }

  void start() {
    delivery.execute(this::resync);
  }

  private void resync() {
    stopWatcher();
    try {
      String start = prefix ? store.rangeStart(keyOrPrefix) : store.etcdKey(keyOrPrefix);
      GetResponse response = store.await(store.client().getKVClient().get(EtcdKeyValueStore.bytes(start),
          GetOption.builder().isPrefix(prefix).build()));
      long revision = response.getHeader().getRevision();
      if (prefix) {
        SortedMap<String, Versioned> current = new TreeMap<>();
        store.collect(response, keyOrPrefix, current);
        for (String gone : delivery.presentKeys()) {
          if (!current.containsKey(gone)) {
            delivery.offer(gone, Optional.empty(), revision);
          }
        }
        current.forEach((k, v) -> delivery.offer(k, Optional.of(v), v.version()));
      } else {
        delivery.announce(keyOrPrefix, response.getKvs().stream().findFirst().map(EtcdKeyValueStore::versioned),
            revision);
      }
      int mine = ++generation;
      watcher = store.client().getWatchClient().watch(EtcdKeyValueStore.bytes(start),
          WatchOption.builder().isPrefix(prefix).withRevision(revision + 1).build(),
          io.etcd.jetcd.Watch.listener(
              r -> delivery.execute(() -> onResponse(mine, r)),
              t -> delivery.execute(() -> onEnd(mine, t)),
              () -> delivery.execute(() -> onEnd(mine, null))));
      failures = 0;
    } catch (Exception e) {
      retryLater(e);
    }
  }

  private void onResponse(int from, WatchResponse response) {
    if (from != generation) {
      return;
    }
    for (WatchEvent event : response.getEvents()) {
      KeyValue kv = event.getKeyValue();
      Optional<String> key = store.keyOf(kv.getKey());
      if (key.isEmpty() || (prefix ? !KeyPaths.isUnder(key.get(), keyOrPrefix) : !key.get().equals(keyOrPrefix))) {
        continue;
      }
      Optional<Versioned> state = event.getEventType() == WatchEvent.EventType.PUT
          ? Optional.of(EtcdKeyValueStore.versioned(kv)) : Optional.empty();
      if (event.getEventType() == WatchEvent.EventType.UNRECOGNIZED) {
        continue;
      }
      if (prefix) {
        delivery.offer(key.get(), state, kv.getModRevision());
      } else {
        delivery.announce(key.get(), state, kv.getModRevision());
      }
    }
  }

  private void onEnd(int from, Throwable error) {
    if (from != generation || delivery.isClosed()) {
      return;
    }
    LOG.debug("etcd watch ended watch={} error={}; reading again", keyOrPrefix, String.valueOf(error));
    retryLater(error == null ? new IllegalStateException("watch completed") : error);
  }

  private void retryLater(Throwable e) {
    if (delivery.isClosed() || store.isClosed()) {
      return;
    }
    long delay = failures == 0 ? 0 : Math.min(5000, 100L << Math.min(failures, 6));
    failures++;
    LOG.debug("etcd watch read again watch={} in_ms={} after={}", keyOrPrefix, delay, e.toString());
    delivery.schedule(this::resync, delay);
  }

  private void stopWatcher() {
    if (watcher != null) {
      generation++;
      try {
        watcher.close();
      } catch (RuntimeException e) {
        LOG.debug("etcd watcher close watch={} error={}", keyOrPrefix, e.toString());
      }
      watcher = null;
    }
  }

  @Override
  public void close() {
    if (delivery.isClosed()) {
      return;
    }
    delivery.close();
    Watcher current = watcher;
    if (current != null) {
      try {
        current.close();
      } catch (RuntimeException e) {
        LOG.debug("etcd watcher close watch={} error={}", keyOrPrefix, e.toString());
      }
    }
    onClose.accept(this);
  }
}
