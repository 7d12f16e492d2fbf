package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  private static final String SECRET = "s3cr3t-value-never-shown";

  @TempDir Path tmp;

  @Test
  void configAndCredentialsPrintWhereSecretsLiveNeverTheSecrets() throws Exception {
    Path file = Files.writeString(tmp.resolve("token"), SECRET);
    GitSourceConfig token = GitSourceConfig.of("https://git.example.org/team/vamp.git")
        .withCredentials(GitCredentials.token(SecretSource.file(file)));
    GitSourceConfig password = GitSourceConfig.of("https://git.example.org/team/vamp.git")
        .withCredentials(GitCredentials.usernamePassword("deploy",
            SecretSource.environment("GIT_PASSWORD")));
    GitSourceConfig ssh = GitSourceConfig.of("git@git.example.org:team/vamp.git")
        .withCredentials(new GitCredentials.SshKey(tmp.resolve("id_ed25519"),
            SecretSource.environment("KEY_PASSPHRASE"), tmp.resolve("known_hosts"), true));

    assertThat(token.toString()).contains("file " + file).doesNotContain(SECRET);
    assertThat(password.toString()).contains("user=deploy")
        .contains("environment variable GIT_PASSWORD");
    assertThat(ssh.toString()).contains("id_ed25519").contains("KEY_PASSPHRASE")
        .contains("strict=true");
  }

  @Test
  void aPasswordWrittenIntoTheUrlIsRefusedAndMaskedInTheError() {
    assertThatThrownBy(() -> GitSourceConfig.of("https://deploy:" + SECRET
        + "@git.example.org/vamp.git"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://deploy:***@git.example.org/vamp.git")
        .hasMessageContaining("carries a password")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void queryStringsAreMaskedWhenShown() {
    GitSourceConfig config = GitSourceConfig.of("https://git.example.org/vamp.git?private_token="
        + SECRET);
    assertThat(config.displayUrl()).isEqualTo("https://git.example.org/vamp.git?***");
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void tokensTravelOnlyOverHttpsOrToLoopback() {
    GitCredentials token = GitCredentials.token(SecretSource.environment("T"));
    assertThatThrownBy(() -> GitSourceConfig.of("http://git.example.org/v.git")
        .withCredentials(token))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only over https://");
    assertThat(GitSourceConfig.of("http://127.0.0.1:8080/v.git").withCredentials(token)
        .credentials()).isEqualTo(token);
    assertThatThrownBy(() -> GitSourceConfig.of("git@example.org:v.git").withCredentials(token))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsMustFitTheUrl() {
    GitCredentials key = GitCredentials.sshKey(tmp.resolve("id"));
    assertThatThrownBy(() -> GitSourceConfig.of("https://example.org/v.git").withCredentials(key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssh key needs");
    assertThatThrownBy(() -> GitSourceConfig.of(tmp.toString()).withCredentials(key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local repository");
    assertThat(GitSourceConfig.of("ssh://git@example.org:2222/v.git").withCredentials(key)
        .credentials()).isEqualTo(key);
  }

  @Test
  void aMissingSecretFileOrUnsetVariableIsCredentialsUnavailableNamingOnlyWhere() {
    GitSourceConfig fromFile = GitSourceConfig.of("http://127.0.0.1:9/v.git")
        .withCredentials(GitCredentials.token(SecretSource.file(tmp.resolve("absent"))))
        .withWorkDir(tmp.resolve("m1"));
    try (GitSource source = GitSource.open(fromFile)) {
      assertThatThrownBy(() -> source.headIfChanged(null))
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.CREDENTIALS_UNAVAILABLE))
          .hasMessageContaining(tmp.resolve("absent").toString())
          .hasMessageContaining("does not exist");
    }
    GitSourceConfig fromEnv = fromFile.withCredentials(GitCredentials.usernamePassword("u",
        SecretSource.environment("VAMP_UNSET_VARIABLE"))).withWorkDir(tmp.resolve("m2"));
    try (GitSource source = GitSource.open(fromEnv, Map.<String, String>of()::get)) {
      assertThatThrownBy(() -> source.headIfChanged(null))
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.CREDENTIALS_UNAVAILABLE))
          .hasMessageContaining("environment variable VAMP_UNSET_VARIABLE is not set");
    }
  }

  @Test
  void secretsAreTrimmedAndEmptyOnesRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("t"), "  " + SECRET + "\n");
    assertThat(RemoteAccess.Secrets.read(SecretSource.file(file), n -> null))
        .containsExactly(SECRET.toCharArray());
    Path empty = Files.writeString(tmp.resolve("e"), "\n");
    assertThatThrownBy(() -> RemoteAccess.Secrets.read(SecretSource.file(empty), n -> null))
        .isInstanceOfSatisfying(GitSourceException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.CREDENTIALS_UNAVAILABLE))
        .hasMessageContaining("is empty");
  }

  @Test
  void scrubMasksEveryOccurrenceOfTheSecret() {
    assertThat(RemoteAccess.Secrets.scrub("a " + SECRET + " b " + SECRET, SECRET.toCharArray()))
        .isEqualTo("a *** b ***");
    assertThat(RemoteAccess.Secrets.mentions(new RuntimeException("x", new RuntimeException(
        "has " + SECRET)), SECRET.toCharArray())).isTrue();
  }

  @Test
  void urlsArePlacedAsGitReadsThem() {
    assertThat(Location.parse("/srv/repos/vamp")).isInstanceOf(Location.Local.class);
    assertThat(Location.parse("relative/dir")).isInstanceOf(Location.Local.class);
    assertThat(Location.parse("C:/repos/vamp")).isInstanceOf(Location.Local.class);
    assertThat(Location.parse("git@github.com:org/vamp.git"))
        .isEqualTo(new Location.Remote("git@github.com:org/vamp.git", "ssh", "github.com"));
    assertThat(Location.parse("ssh://git@host:2222/org/vamp.git"))
        .satisfies(l -> assertThat(((Location.Remote) l).isSsh()).isTrue());
    assertThat(Location.parse("file:///srv/vamp.git"))
        .satisfies(l -> assertThat(((Location.Remote) l).scheme()).isEqualTo("file"));
    assertThatThrownBy(() -> Location.parse("ftp://example.org/v.git"))
        .hasMessageContaining("unsupported URL scheme 'ftp'");
  }

  @Test
  void subPathsAreNormalizedAndMustStayInsideTheRepository() {
    assertThat(GitSourceConfig.normalizeSubPath("/vamp/artifacts/")).isEqualTo("vamp/artifacts");
    assertThat(GitSourceConfig.normalizeSubPath(".")).isEmpty();
    assertThat(GitSourceConfig.normalizeSubPath(null)).isEmpty();
    for (String bad : new String[] {"../x", "a/../b", "a//b", "a\\b", ".git"}) {
      assertThatThrownBy(() -> GitSourceConfig.normalizeSubPath(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
