package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.daemon.Daemon;
import io.vamp.reconciler.logging.LogFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (In the git package for {@link SmartHttpGitServer}, the token-checking Git server on loopback.)
 * A daemon run with a Git token (file), a webhook secret (environment) and a ledger password (file)
 * configured, through a commit, a refused and an accepted webhook and a failing remote, logged at
 * DEBUG in both formats (the production logback.xml pattern, and JSON): no line carries a secret, and
 * the JSON lines carry the revision and commit.
 */
class NoSecretInLogsIT {
  private static final String TOKEN = "ghp_TOKENthatMUSTneverBEprinted123";
  private static final String WEBHOOK = "webhook-SECRET-never-printed-456";
  private static final String PASSWORD = "db-PASSWORD-never-printed-789";

  @TempDir
  Path dir;

  @Test
  void noSecretInTextOrJsonLogs() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> textAppender = appender(context, text, productionPattern(context));
    OutputStreamAppender<ILoggingEvent> jsonAppender = appender(context, json, LogFormat.json(context));
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    root.addAppender(textAppender);
    root.addAppender(jsonAppender);
    root.setLevel(Level.DEBUG);
    try {
      runDaemon();
    } finally {
      root.detachAppender(textAppender);
      root.detachAppender(jsonAppender);
      root.setLevel(level);
      textAppender.stop();
      jsonAppender.stop();
    }
    String textLog = text.toString(StandardCharsets.UTF_8);
    String jsonLog = json.toString(StandardCharsets.UTF_8);
    assertThat(textLog).contains("revision observed").contains("webhook refused");
    for (String log : List.of(textLog, jsonLog)) {
      assertThat(log).doesNotContain(TOKEN).doesNotContain(WEBHOOK).doesNotContain(PASSWORD);
    }
    ObjectMapper mapper = new ObjectMapper();
    boolean sawRevision = false;
    for (String line : jsonLog.lines().toList()) {
      JsonNode node = mapper.readTree(line);
      assertThat(node.has("level") && node.has("formattedMessage")).as(line).isTrue();
      if (node.path("mdc").has("revision")) {
        sawRevision = true;
        assertThat(node.path("mdc").path("commit").asText()).startsWith(node.path("mdc").path("revision").asText());
      }
    }
    assertThat(sawRevision).as("JSON lines carry the revision").isTrue();
  }

  private void runDaemon() throws Exception {
    String remote = TestRepository.initBareRemote(dir.resolve("remote.git"), "main");
    try (TestRepository pusher = TestRepository.init(dir.resolve("pusher"), "main").withRemote(remote)) {
      pusher.commit("first", Map.of("README.md", "no artifacts yet\n"));
      pusher.push("main");
    }
    Path tokenFile = dir.resolve("git-token");
    Files.writeString(tokenFile, TOKEN);
    Path passwordFile = dir.resolve("db-password");
    Files.writeString(passwordFile, PASSWORD);
    try (org.eclipse.jgit.lib.Repository served = Git.open(dir.resolve("remote.git").toFile()).getRepository();
        SmartHttpGitServer server = new SmartHttpGitServer(served, "git", TOKEN)) {
      Path yaml = dir.resolve("vamp.yaml");
      Files.writeString(yaml, """
          repository:
            url: %s
            username: git
            token_file: %s
            poll_interval: 1s
          namespace: nosecret%s
          data_dir: %s
          ledger:
            password_file: %s
          http:
            port: 0
          webhook:
            secret_env: VAMP_TEST_WEBHOOK
          agent:
            embedded: false
          """.formatted(server.url(), tokenFile, Long.toHexString(System.nanoTime()), dir.resolve("data"),
          passwordFile));
      Map<String, String> environment = Map.of("VAMP_TEST_WEBHOOK", WEBHOOK);
      Config config = Config.load(Optional.of(yaml), environment);
      Daemon daemon = new Daemon(config, environment, Clock.systemUTC());
      try {
        daemon.start();
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> daemon.status().lastApplied().isPresent() || !daemon.status().problems().isEmpty());
        HttpClient http = HttpClient.newHttpClient();
        URI webhook = URI.create("http://127.0.0.1:" + daemon.apiPort() + "/api/v1/webhook");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(webhook)
            .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + daemon.apiPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vamp_reconcile_duration_seconds_count{outcome=\"applied\"} 1")
            .contains("vamp_git_fetch_duration_seconds_count").doesNotContain(TOKEN);
      } finally {
        daemon.close();
      }
    }
  }

  /** The pattern of the daemon's own logback.xml (src/main/resources), so the production format is what is checked. */
  private static PatternLayoutEncoder productionPattern(LoggerContext context) throws Exception {
    String xml = Files.readString(Path.of("src/main/resources/logback.xml"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<pattern>(.*?)</pattern>", Pattern.DOTALL).matcher(xml);
    assertThat(m.find()).isTrue();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
    encoder.start();
    return encoder;
  }

  private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context, ByteArrayOutputStream out,
      Encoder<ILoggingEvent> encoder) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    return appender;
  }
}
