package io.vamp.reconciler.cli;

import static io.vamp.reconciler.cli.HistoryFixture.R1;
import static io.vamp.reconciler.cli.HistoryFixture.R2;
import static io.vamp.reconciler.cli.HistoryFixture.R3;
import static io.vamp.reconciler.cli.HistoryFixture.R4;
import static io.vamp.reconciler.cli.HistoryFixture.vamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.cli.HistoryFixture.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vamp show} through {@link Main#run} on a ledger with a known history (see {@link HistoryFixture}). */
class ShowCommandTest {

  @TempDir
  Path dir;

  private Path data;

  @BeforeEach
  void ledger() {
    data = dir.resolve("data");
    HistoryFixture.write(data);
  }

  private Run show(String... args) {
    List<String> all = new ArrayList<>(List.of("show", "--data-dir", data.toString(), "--utc"));
    all.addAll(List.of(args));
    return vamp(all.toArray(String[]::new));
  }

  @Test
  void aRevisionWithItsOutcomeChangesActionsAndTheArtifactsItChanged() {
    Run run = show(R2);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        revision   %s
        parent     %s
        author     Grace Hopper <grace@example.com>
        committed  2026-03-01 14:00:30 (UTC)
        observed   2026-03-01 14:01:05 (UTC)
        finished   %s
        status     applied

        message
            sava: canary 1.1.0 at 10%%
           \s
            first step of the canary

        changes, compared with the revision recorded before it
            added    breed/sava:1.1.0
            changed  deployment/sava

        actions
              #  TYPE              OUTCOME    STARTED   TOOK      TARGET
              0  deploy            applied    14:01:06  900 ms    sava/sava/sava:1.1.0
              1  publish-gateways  applied    14:01:09  35 ms     /vamp/default/gateways

        artifacts: 4, those it added or changed shown (--artifacts all for every one)

        --- breed/sava:1.1.0
        %s
        --- deployment/sava
        %s""".formatted(R2, R1, finished(run.out()), HistoryFixture.BREED_V11, HistoryFixture.SAVA_V2));
  }

  /** The finish time is when the fixture was written: whatever the line says, it is the one from the ledger. */
  private static String finished(String out) {
    return out.lines().filter(l -> l.startsWith("finished")).findFirst().orElseThrow().substring(11);
  }

  @Test
  void aFailedRevisionShowsWhyAndTheFailedActionWithItsDetail() {
    Run run = show(R3, "--artifacts", "none");

    assertThat(run.out()).contains("status     failed\ndetail\n    deploy other/web/other:1: health check timed out\n")
        .contains("      0  deploy            failed     14:05:06  2 min 0 s  other/web/other:1\n"
            + "          health check timed out after 120 s\n")
        .contains("    added    deployment/other\n")
        .endsWith("artifacts: 5\n");
  }

  @Test
  void aRejectedRevisionHasNoArtifactsAndSaysSo() {
    Run run = show(R4);

    assertThat(run.out()).contains("detail\n    deployments/sava.yml:7:9: unknown key 'wieght'\n")
        .contains("changes, compared with the revision recorded before it\n    (its artifacts were not recorded)\n")
        .contains("actions\n    (none)\n");
  }

  @Test
  void aRevisionIsNamedByItsShaItsStartLatestOrApplied() {
    assertThat(show("aaaa1").out()).startsWith("revision   " + R1 + "\n");
    assertThat(show("BBBB").out()).startsWith("revision   " + R3 + "\n");
    assertThat(show("latest").out()).startsWith("revision   " + R4 + "\n");
    assertThat(show("applied").out()).startsWith("revision   " + R2 + "\n");
  }

  @Test
  void anUnknownOrAmbiguousRevisionExits1SayingWhich() {
    Run unknown = show("dddd");
    Run ambiguous = show("aaaa");
    Run notHex = show("main");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("vamp show: no revision dddd\n");
    assertThat(ambiguous.exitCode()).isEqualTo(1);
    assertThat(ambiguous.err()).isEqualTo("vamp show: 'aaaa' names 2 revisions: " + R2 + ", " + R1 + "\n");
    assertThat(notHex.exitCode()).isEqualTo(1);
    assertThat(unknown.out() + ambiguous.out() + notHex.out()).isEmpty();
  }

  @Test
  void jsonHoldsTheRecordChangesActionsWithDurationsAndTheArtifactsAskedFor() throws Exception {
    JsonNode changed = StateJson.mapper().readTree(show(R2, "--format", "json").out());
    JsonNode all = StateJson.mapper().readTree(show(R2, "--format", "json", "--artifacts", "all").out());
    JsonNode none = StateJson.mapper().readTree(show(R2, "--format", "json", "--artifacts", "none").out());

    assertThat(changed.path("sha").asText()).isEqualTo(R2);
    assertThat(changed.path("status").asText()).isEqualTo("applied");
    assertThat(changed.path("changes").path("deployment/sava").asText()).isEqualTo("changed");
    assertThat(changed.path("changes").path("breed/sava:1.1.0").asText()).isEqualTo("added");
    assertThat(changed.path("actions")).hasSize(2);
    assertThat(changed.path("actions").get(0).path("duration_ms").asLong()).isEqualTo(900);
    assertThat(changed.path("actions").get(0).path("target").asText()).isEqualTo("sava/sava/sava:1.1.0");
    assertThat(changed.path("artifact_count").asInt()).isEqualTo(4);
    assertThat(changed.path("artifacts").path("deployment/sava").asText()).isEqualTo(HistoryFixture.SAVA_V2);
    assertThat(changed.path("artifacts")).hasSize(2);
    assertThat(all.path("artifacts")).hasSize(4);
    assertThat(all.path("artifacts").path("breed/sava:1.0.0").asText()).contains("DB_PASSWORD: \"********\"");
    assertThat(none.path("artifacts")).isEmpty();
  }
}
