package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vamp.reconciler.git.GitSourceException.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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

  @Test
  void noLogLineAtAnyLevelCarriesTheTokenOrItsBasicAuthEncoding() throws Exception {
    // every level from every library, whatever logback.xml says, restored afterwards
    List<Logger> loggers = Stream.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.eclipse.jgit",
        "org.apache.sshd", "io.vamp").map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
    List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
    Logger root = loggers.get(0);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    loggers.forEach(logger -> logger.setLevel(Level.ALL));
    try {
      Path good = Files.writeString(tmp.resolve("good"), TOKEN);
      Path bad = Files.writeString(tmp.resolve("bad"), "wrong-token-value-42");
      GitSourceConfig goodConfig = config(GitCredentials.token(SecretSource.file(good)));
      try (GitSource source = GitSource.open(goodConfig)) {
        source.fetch();
      }
      try (GitSource source = GitSource.open(config(GitCredentials.token(SecretSource.file(bad)))
          .withWorkDir(tmp.resolve("mirror-bad")))) {
        assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class);
      }
    } finally {
      root.detachAppender(captured);
      for (int i = 0; i < loggers.size(); i++) {
        loggers.get(i).setLevel(levels.get(i));
      }
    }
    String basic = Base64.getEncoder().encodeToString(
        (GitCredentials.DEFAULT_TOKEN_USERNAME + ":" + TOKEN).getBytes(
            StandardCharsets.UTF_8));
    assertThat(captured.list).hasSizeGreaterThan(10); // JGit and sshd did log, at debug
    assertThat(captured.list).allSatisfy(event -> {
      String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
          : event.getThrowableProxy().getMessage());
      assertThat(text).doesNotContain(TOKEN).doesNotContain(basic)
          .doesNotContain("wrong-token-value-42");
    });
  }

  private static String stackTraceOf(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
