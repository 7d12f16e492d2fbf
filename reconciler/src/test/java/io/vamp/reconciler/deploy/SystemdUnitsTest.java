package io.vamp.reconciler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/systemd units pass {@code systemd-analyze verify} (from Debian's systemd package, which
 * .ci/install-test-deps installs when it is missing) with no warning at all: an unknown or misspelt key
 * is only a warning to systemd, so the output must be empty too.
 */
class SystemdUnitsTest {
  static final Path SYSTEMD = DeployManifestsTest.DEPLOY.resolve("systemd");

  @Test
  void unitsPassSystemdAnalyzeVerify() throws Exception {
    for (String unit : List.of("vamp.service", "vamp-agent.service")) {
      Process process = new ProcessBuilder("systemd-analyze", "verify", SYSTEMD.resolve(unit).toString())
          .redirectErrorStream(true).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(unit + ": " + output).isZero();
      assertThat(output.lines().filter(l -> l.contains(unit)).toList()).as(unit + " warnings").isEmpty();
    }
  }

  @Test
  void unitsAreHardenedAndRestart() throws IOException {
    for (String unit : List.of("vamp.service", "vamp-agent.service")) {
      String text = Files.readString(SYSTEMD.resolve(unit), StandardCharsets.UTF_8);
      assertThat(text).as(unit).contains("ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure",
          "User=vamp", "ReadWritePaths=", "EnvironmentFile=-/etc/vamp/");
    }
  }
}
