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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vamp history} through {@link Main#run} on a ledger with a known history (see {@link HistoryFixture}). */
class HistoryCommandTest {

  @TempDir
  Path dir;

  private Path data;

  @BeforeEach
  void ledger() {
    data = dir.resolve("data");
    HistoryFixture.write(data);
  }

  private Run history(String... args) {
    List<String> all = new ArrayList<>(List.of("history", "--data-dir", data.toString(), "--utc"));
    all.addAll(List.of(args));
    return vamp(all.toArray(String[]::new));
  }

  private List<String> shas(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--format", "json"));
    Run run = history(all.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> shas = new ArrayList<>();
    StateJson.mapper().readTree(run.out()).forEach(r -> shas.add(r.path("sha").asText()));
    return shas;
  }

  @Test
  void everyRevisionNewestFirstWithWhenWhoAndWhyItDidNotApply() {
    Run run = history();

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("""
        OBSERVED (UTC)       REVISION      STATUS       AUTHOR                MESSAGE
        2026-03-01 14:10:05  cccc44440000  rejected     Ada Lovelace          sava: 50/50
            deployments/sava.yml:7:9: unknown key 'wieght'
        2026-03-01 14:05:05  bbbb33330000  failed       Ada Lovelace          other: first version
            deploy other/web/other:1: health check timed out
        2026-03-01 14:01:05  aaaa22220000  applied      Grace Hopper          sava: canary 1.1.0 at 10%
        2026-03-01 13:50:05  aaaa11110000  applied      Ada Lovelace          sava 1.0.0
        """);
  }

  @Test
  void byDeploymentTheRevisionsThatChangedItOrActedOnIt() throws Exception {
    assertThat(shas("--deployment", "sava")).containsExactly(R2, R1);
    assertThat(shas("--deployment", "other")).containsExactly(R3);
    assertThat(shas("--deployment", "nothing")).isEmpty();
  }

  @Test
  void byGatewayStatusAndLimit() throws Exception {
    assertThat(shas("--gateway", "sava-gw")).containsExactly(R1);
    assertThat(shas("--status", "failed,REJECTED")).containsExactly(R4, R3);
    assertThat(shas("--status", "applied", "--limit", "1")).containsExactly(R2);
    assertThat(shas("--limit", "2")).containsExactly(R4, R3);
  }

  @Test
  void byTimeInEveryWrittenForm() throws Exception {
    assertThat(shas("--since", "2026-03-01 14:00", "--until", "2026-03-01T14:06:00Z")).containsExactly(R3, R2);
    assertThat(shas("--since", "2026-03-01T15:05:05+01:00")).containsExactly(R4, R3);
    assertThat(shas("--until", "2026-03-01")).isEmpty();
    assertThat(shas("--since", "1d")).as("an age: nothing this recent").isEmpty();
  }

  @Test
  void whatRanAt1402() throws Exception {
    assertThat(shas("--until", "2026-03-01 14:02", "--status", "applied", "--limit", "1")).containsExactly(R2);
  }

  @Test
  void jsonHasTheFieldsOfTheApi() throws Exception {
    Run run = history("--format", "json", "--limit", "1");

    JsonNode revision = StateJson.mapper().readTree(run.out()).get(0);
    assertThat(revision.path("sha").asText()).isEqualTo(R4);
    assertThat(revision.path("parent").asText()).isEqualTo(R3);
    assertThat(revision.path("status").asText()).isEqualTo("rejected");
    assertThat(revision.path("observed_at").asText()).isEqualTo("2026-03-01T14:10:05Z");
    assertThat(revision.path("detail").asText()).contains("wieght");
    assertThat(revision.has("finished_at")).isTrue();
  }

  @Test
  void aTimeOrStatusThatDoesNotParseIsAUsageError() {
    Run time = history("--since", "yesterday-ish");
    Run status = history("--status", "done");
    Run limit = history("--limit", "0");

    assertThat(time.exitCode()).isEqualTo(1);
    assertThat(time.err()).contains("since: a time such as").contains("yesterday-ish");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err()).contains("status: in_progress, applied, rejected, superseded, failed; not 'done'");
    assertThat(limit.exitCode()).isEqualTo(1);
    assertThat(limit.err()).contains("limit: a number from 1 to 1000");
    assertThat(time.out() + status.out() + limit.out()).isEmpty();
  }

  @Test
  void theLedgerIsTheOneTheConfigurationFileNames() throws Exception {
    Path config = dir.resolve("vamp.yaml");
    Files.writeString(config, "data_dir: " + data + "\n");

    Run run = vamp("history", "-c", config.toString(), "--format", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(StateJson.mapper().readTree(run.out())).hasSize(4);
  }

  @Test
  void aConfigurationThatDoesNotParseOrALedgerThatCannotBeOpenedIsReported() throws Exception {
    Path config = dir.resolve("vamp.yaml");
    Files.writeString(config, "ledger:\n  driver: nosuch\n");

    Run run = vamp("history", "-c", config.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("vamp history: no LedgerFactory named 'nosuch'");
  }

  @Test
  void anEmptyLedgerSaysSo() {
    Run run = vamp("history", "--data-dir", dir.resolve("empty").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("no revisions\n");
  }
}
