package io.vamp.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.reconciler.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigReferenceTest {
  /** The repository root: the reconciler module's parent. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path PAGE = ROOT.resolve("deploy/CONFIGURATION.md");

  @Test
  void committedPageIsTheGeneratedOne() throws Exception {
    String generated = ConfigReference.markdown();
    if (Boolean.getBoolean("vamp.writeReference")) {
      Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
    }
    assertThat(PAGE).as("deploy/CONFIGURATION.md is generated: run `vamp config reference > deploy/CONFIGURATION.md`"
        + " or this test with -Dvamp.writeReference=true").exists();
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as("deploy/CONFIGURATION.md differs from `vamp config reference`: regenerate it").isEqualTo(generated);
  }

  @Test
  void everySettingIsOnThePageWithItsVariable() {
    String page = ConfigReference.markdown();
    Settings.ALL.forEach(s -> assertThat(page).contains("`" + s.key() + "` | `" + s.environmentVariable() + "`"));
    assertThat(page).contains("**secret (a file path).** A file holding the https token");
  }

  @Test
  void everyDriverKeyIsStillReadByItsDriver() throws Exception {
    for (ConfigReference.DriverSetting setting : ConfigReference.DRIVER_SETTINGS) {
      String source = Files.readString(ROOT.resolve(setting.source()), StandardCharsets.UTF_8);
      String quoted = setting.source().endsWith(".md") ? "`" + setting.key() + "`" : "\"" + setting.key() + "\"";
      assertThat(source).as(setting.section() + "." + setting.key() + " in " + setting.source()).contains(quoted);
    }
  }

  @Test
  void referenceCommandPrintsThePage() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("config", "reference");
    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo(ConfigReference.markdown());
  }

  @Test
  void checkSaysOkOrPointsAtTheLine(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "repository:\n  url: https://example.com/r.git\nhttp:\n  port: 8080\n");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "repository:\n  url: x\n  tokn_file: /t\n");
    Path badDuration = dir.resolve("duration.yaml");
    Files.writeString(badDuration, "repository:\n  poll_interval: soon\n");

    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out));
    assertThat(cli.execute("config", "check", "-c", good.toString())).isZero();
    assertThat(out.toString()).isEqualTo("ok\n");

    out.getBuffer().setLength(0);
    assertThat(cli.execute("config", "check", "-c", bad.toString())).isEqualTo(1);
    assertThat(out.toString()).contains(bad + ":3:3").contains("unknown setting 'repository.tokn_file'")
        .contains("token_file");

    out.getBuffer().setLength(0);
    assertThat(cli.execute("config", "check", "-c", badDuration.toString())).isEqualTo(1);
    assertThat(out.toString()).contains(badDuration + ":2:").contains("expected a duration");
  }
}
