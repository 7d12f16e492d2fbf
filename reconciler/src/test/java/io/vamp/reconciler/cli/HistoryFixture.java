package io.vamp.reconciler.cli;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A ledger with a short, known history, made in a data directory through the embedded default's driver
 * as the daemon makes it, and the CLI run on it through {@link Main#run} with its output captured.
 *
 * <pre>
 * r1 13:50:05 applied   sava added (deployment, breed 1.0.0, gateway sava-gw); 3 actions
 * r2 14:01:05 applied   sava's weights changed, breed 1.1.0 added; 2 actions
 * r3 14:05:05 failed    other added; its deploy failed
 * r4 14:10:05 rejected  no artifacts: a problem
 * </pre>
 */
final class HistoryFixture {
  static final String R1 = "aaaa1111" + "0".repeat(32);
  static final String R2 = "aaaa2222" + "0".repeat(32);
  static final String R3 = "bbbb3333" + "0".repeat(32);
  static final String R4 = "cccc4444" + "0".repeat(32);
  static final String SAVA_V1 = "kind: deployment\nname: sava\nblueprints: [ sava:1.0.0 ]\n";
  static final String SAVA_V2 = "kind: deployment\nname: sava\nblueprints: [ sava:1.0.0, sava:1.1.0 ]\n"
      + "clusters:\n  sava:\n    gateways:\n      routes:\n        sava:1.0.0: { weight: 90% }\n"
      + "        sava:1.1.0: { weight: 10% }\n";
  static final String BREED_V1 = "kind: breed\nname: sava:1.0.0\ndeployable: magneticio/sava:1.0.0\n"
      + "environment_variables:\n  DB_PASSWORD: \"********\"\n";
  static final String BREED_V11 = "kind: breed\nname: sava:1.1.0\ndeployable: magneticio/sava:1.1.0\n";
  static final String GATEWAY = "kind: gateway\nname: sava-gw\nport: 9050/http\nroutes: { sava/sava/webport: {} }\n";
  static final String OTHER = "kind: deployment\nname: other\nblueprints: [ other:1 ]\n";

  record Run(int exitCode, String out, String err) {}

  private HistoryFixture() {}

  static Instant at(String time) {
    return Instant.parse("2026-03-01T" + time + "Z");
  }

  static Ledger open(Path data) {
    return Drivers.find(LedgerFactory.class, "h2")
        .create(new DriverConfig("default", data, Optional.empty(), Map.of()));
  }

  /** The history above, in a ledger under {@code data}, closed again. */
  static void write(Path data) {
    try (Ledger ledger = open(data)) {
      revision(ledger, R1, Optional.empty(), "Ada Lovelace <ada@example.com>", "sava 1.0.0", at("13:50:05"));
      ledger.recordArtifacts(R1, Map.of("deployment/sava", SAVA_V1, "breed/sava:1.0.0", BREED_V1,
          "gateway/sava-gw", GATEWAY));
      action(ledger, R1, 0, "deploy", "sava/sava/sava:1.0.0", "applied", "", "13:50:06", 1200);
      action(ledger, R1, 1, "wait-ready", "sava/sava/sava:1.0.0", "applied", "ready after 2 checks", "13:50:07", 3100);
      action(ledger, R1, 2, "publish-gateways", "/vamp/default/gateways", "applied", "", "13:50:11", 40);
      ledger.updateRevision(R1, RevisionStatus.APPLIED, "");

      revision(ledger, R2, Optional.of(R1), "Grace Hopper <grace@example.com>",
          "sava: canary 1.1.0 at 10%\n\nfirst step of the canary", at("14:01:05"));
      ledger.recordArtifacts(R2, Map.of("deployment/sava", SAVA_V2, "breed/sava:1.0.0", BREED_V1,
          "breed/sava:1.1.0", BREED_V11, "gateway/sava-gw", GATEWAY));
      action(ledger, R2, 0, "deploy", "sava/sava/sava:1.1.0", "applied", "", "14:01:06", 900);
      action(ledger, R2, 1, "publish-gateways", "/vamp/default/gateways", "applied", "", "14:01:09", 35);
      ledger.updateRevision(R2, RevisionStatus.APPLIED, "");

      revision(ledger, R3, Optional.of(R2), "Ada Lovelace <ada@example.com>", "other: first version", at("14:05:05"));
      ledger.recordArtifacts(R3, Map.of("deployment/sava", SAVA_V2, "breed/sava:1.0.0", BREED_V1,
          "breed/sava:1.1.0", BREED_V11, "gateway/sava-gw", GATEWAY, "deployment/other", OTHER));
      action(ledger, R3, 0, "deploy", "other/web/other:1", "failed", "health check timed out after 120 s",
          "14:05:06", 120_000);
      ledger.updateRevision(R3, RevisionStatus.FAILED, "deploy other/web/other:1: health check timed out");

      revision(ledger, R4, Optional.of(R3), "Ada Lovelace <ada@example.com>", "sava: 50/50", at("14:10:05"));
      ledger.updateRevision(R4, RevisionStatus.REJECTED, "deployments/sava.yml:7:9: unknown key 'wieght'");
    }
  }

  private static void revision(Ledger ledger, String sha, Optional<String> parent, String author, String message,
      Instant observed) {
    ledger.recordRevision(new RevisionRecord(sha, parent, author, author, message, observed.minusSeconds(35),
        observed, RevisionStatus.IN_PROGRESS, "", Optional.empty()));
  }

  private static void action(Ledger ledger, String sha, int sequence, String type, String target, String outcome,
      String detail, String started, long millis) {
    Instant start = at(started);
    ledger.recordAction(new ActionRecord(sha, sequence, type, target, outcome, detail, start, start.plusMillis(millis)));
  }

  /** Runs the real entry point with standard output and error captured. */
  static synchronized Run vamp(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
