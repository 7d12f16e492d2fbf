package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's H2 file opened by two processes at once, as {@code vamp history} does beside a
 * running daemon: the first process serves the file on a loopback port, the second reads and writes
 * through it, and whichever stops first, the other goes on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2AutoServerIT {

  @TempDir
  Path work;

  private final List<Ledger> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(Ledger::close);
  }

  private Ledger openHere(Path data) {
    Ledger ledger = Drivers.find(LedgerFactory.class, H2LedgerFactory.NAME)
        .create(new DriverConfig("cli", data, Optional.empty(), Map.of()));
    opened.add(ledger);
    return ledger;
  }

  private static List<String> shas(Ledger ledger) {
    return ledger.revisions(100).stream().map(RevisionRecord::sha).toList();
  }

  @Test
  void aSecondProcessReadsAndWritesTheFileWhileTheDaemonHoldsIt() throws Exception {
    Path data = work.resolve("data");
    try (LedgerProcess daemon = LedgerProcess.start(work, H2LedgerFactory.NAME, data.toString())) {
      daemon.send("revision daemon-1");

      Ledger cli = openHere(data);
      assertThat(shas(cli)).containsExactly("daemon-1");
      cli.recordRevision(LedgerProcess.revision("cli-1"));
      assertThat(daemon.send("revisions")).isEqualTo("cli-1,daemon-1");

      cli.close(); // the CLI is done; the daemon goes on
      daemon.send("revision daemon-2");
      assertThat(daemon.send("revisions")).isEqualTo("daemon-2,cli-1,daemon-1");
      daemon.send("close");
    }
  }

  @Test
  void whenTheProcessServingTheFileStopsTheOtherOpensItItselfAndGoesOn() throws Exception {
    Path data = work.resolve("data");
    Ledger here;
    try (LedgerProcess first = LedgerProcess.start(work, H2LedgerFactory.NAME, data.toString())) {
      first.send("revision first-1");
      here = openHere(data); // served by the first process
      assertThat(shas(here)).containsExactly("first-1");

      first.send("close");
      first.process().waitFor(30, TimeUnit.SECONDS);
    }

    // the pooled connections to the first process are broken: evicted, and the transaction run again
    here.recordRevision(LedgerProcess.revision("here-1"));
    assertThat(shas(here)).containsExactly("here-1", "first-1");

    // and now this process serves the file to the next one
    try (LedgerProcess next = LedgerProcess.start(work, H2LedgerFactory.NAME, data.toString())) {
      assertThat(next.send("revisions")).isEqualTo("here-1,first-1");
      next.send("close");
    }
  }

  @Test
  void theFileIsServedOnLoopbackOnlyWithAKeyInTheLockFile() throws Exception {
    Path data = work.resolve("data");
    try (LedgerProcess daemon = LedgerProcess.start(work, H2LedgerFactory.NAME, data.toString())) {
      Properties lock = new Properties();
      try (var in = Files.newInputStream(data.resolve(H2LedgerFactory.FILE_NAME + ".lock.db"))) {
        lock.load(in);
      }
      String server = lock.getProperty("server");
      int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));

      assertThat(server).matches("(localhost|127\\.0\\.0\\.1):\\d+");
      assertThat(lock.getProperty("id")).as("the key a client must know").hasSizeGreaterThan(20);
      assertThat(listeningAddresses(port)).isNotEmpty().allMatch(H2AutoServerIT::isLoopback);
      daemon.send("close");
    }
  }

  /** The local addresses (kernel hex) of the sockets listening on a port, from /proc/net/tcp and tcp6. */
  private static List<String> listeningAddresses(int port) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
        String[] fields = line.strip().split("\\s+");
        String[] local = fields[1].split(":");
        if (fields[3].equals("0A") && Integer.parseInt(local[1], 16) == port) { // 0A: LISTEN
          addresses.add(local[0]);
        }
      }
    }
    return addresses;
  }

  private static boolean isLoopback(String kernelHex) {
    return kernelHex.equals("0100007F") // 127.0.0.1
        || kernelHex.equals("0000000000000000FFFF00000100007F") // ::ffff:127.0.0.1
        || kernelHex.equals("00000000000000000000000001000000"); // ::1
  }
}
