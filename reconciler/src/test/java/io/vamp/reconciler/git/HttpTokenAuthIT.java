package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token authentication over Git's smart HTTP protocol against a real server on 127.0.0.1. */
class HttpTokenAuthIT {

  private static final String TOKEN = "ghp_TopSecretToken123";

  @TempDir Path tmp;
  private TestRepository pusher;
  private Repository served;
  private SmartHttpGitServer server;
  private RevCommit first;

  @BeforeEach
  void start() throws Exception {
    String remote = TestRepository.initBareRemote(tmp.resolve("remote.git"), "main");
    pusher = TestRepository.init(tmp.resolve("pusher"), "main").withRemote(remote);
    first = pusher.commit("first", Map.of("breeds/sava.yaml", "name: sava:1.0.0\n"));
    pusher.push("main");
    served = Git.open(tmp.resolve("remote.git").toFile()).getRepository();
    server = new SmartHttpGitServer(served, GitCredentials.DEFAULT_TOKEN_USERNAME, TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
    served.close();
    pusher.close();
  }

  private GitSourceConfig config(GitCredentials credentials) {
    return GitSourceConfig.of(server.url()).withCredentials(credentials)
        .withWorkDir(tmp.resolve("mirror"));
  }

  @Test
  void tokenFromAFileFetchesAndPollingAdvertisesOncePerPoll() throws Exception {
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
    try (GitSource source = GitSource.open(
        config(GitCredentials.token(SecretSource.file(tokenFile))))) {
      assertThat(source.fetch().files()).containsKey("breeds/sava.yaml");
      int advertised = server.advertisements.get();
      int uploads = server.uploads.get();

      assertThat(source.headIfChanged(first.name())).isEmpty();
      assertThat(source.headIfChanged(first.name())).isEmpty();

      assertThat(server.advertisements.get() - advertised).isEqualTo(2);
      assertThat(server.uploads.get()).isEqualTo(uploads);

      RevCommit second = pusher.commit("second", Map.of("breeds/sava.yaml", "name: v2\n"));
      pusher.push("main");
      assertThat(source.headIfChanged(first.name())).contains(second.name());
      assertThat(server.uploads.get()).isGreaterThan(uploads);
      assertThat(source.fetchCount()).isEqualTo(2);
    }
  }

  @Test
  void tokenFromAnEnvironmentVariableIsReadAtUse() {
    Map<String, String> env = Map.of("VAMP_GIT_TOKEN", TOKEN);
    try (GitSource source = GitSource.open(
        config(GitCredentials.token(SecretSource.environment("VAMP_GIT_TOKEN"))), env::get)) {
      assertThat(source.fetch().sha()).isEqualTo(first.name());
    }
  }

  @Test
  void wrongTokenIsAuthRefusedNotRetryableAndTheTokenAppearsNowhere() throws Exception {
    String wrong = "wrong-token-value-42";
    Path tokenFile = Files.writeString(tmp.resolve("token"), wrong);
    GitSourceConfig config = config(GitCredentials.token(SecretSource.file(tokenFile)));
    try (GitSource source = GitSource.open(config)) {
      assertThatThrownBy(() -> source.headIfChanged(null))
          .isInstanceOfSatisfying(GitSourceException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.AUTH_REFUSED);
            assertThat(e.retryable()).isFalse();
            assertThat(stackTraceOf(e)).doesNotContain(wrong).doesNotContain(TOKEN);
          })
          .hasMessageContaining("authentication refused")
          .hasMessageContaining(tokenFile.toString())
          .hasMessageContaining("retrying will not help");
      assertThat(source.toString()).doesNotContain(wrong);
      assertThat(config.toString()).doesNotContain(wrong);
    }
    assertThat(server.refusals.get()).isPositive();
  }

  @Test
  void noCredentialsForAProtectedRepositoryIsAuthRefused() {
    try (GitSource source = GitSource.open(config(GitCredentials.none()))) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.AUTH_REFUSED))
          .hasMessageContaining("no credentials are configured");
    }
  }

  @Test
  void aServerThatIsDownIsUnreachableAndRetryable() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN);
    GitSourceConfig config = GitSourceConfig.of("http://127.0.0.1:" + port + "/repo.git")
        .withCredentials(GitCredentials.token(SecretSource.file(tokenFile)))
        .withWorkDir(tmp.resolve("mirror"));
    try (GitSource source = GitSource.open(config)) {
      assertThatThrownBy(() -> source.headIfChanged(null))
          .isInstanceOfSatisfying(GitSourceException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
            assertThat(e.retryable()).isTrue();
          })
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("retrying may help");
    }
  }

  private static String stackTraceOf(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
