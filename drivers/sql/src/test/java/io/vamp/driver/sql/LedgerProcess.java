package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A ledger in a JVM of its own, driven line by line over stdin, for the tests that need a second process
 * (another process serving the H2 file, a daemon killed half way through a plan). Each command answers one
 * line starting with {@code >> }; everything else the JVM prints (logs) is ignored.
 *
 * <p>Arguments: the factory name, the data directory, and for {@code sql} the URL, user and password.
 * Commands: {@code revision SHA}, {@code action SHA SEQ TARGET}, {@code actions SHA FROM COUNT} (records
 * them one after the other, answering {@code >> recorded N} after each, until killed or done),
 * {@code revisions}, {@code close}.
 */
public final class LedgerProcess implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-01T14:02:00Z");
  private static final String ANSWER = ">> ";

  private final Process process;
  private final PrintStream commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private LedgerProcess(Process process) {
    this.process = process;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(ANSWER)) {
            answers.add(line.substring(ANSWER.length()));
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "ledger-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the JVM with this test run's class path and waits until its ledger is open. */
  static LedgerProcess start(Path workDir, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        LedgerProcess.class.getName()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectError(Redirect.appendTo(workDir.resolve("ledger-process.err").toFile()))
        .start();
    LedgerProcess started = new LedgerProcess(process);
    started.await("open");
    return started;
  }

  /** Sends a command and returns its answer. */
  String send(String command) throws InterruptedException {
    commands.println(command);
    return next();
  }

  /** Sends a command without waiting for its answer. */
  void post(String command) {
    commands.println(command);
  }

  /** The next answer, within 60 seconds. */
  String next() throws InterruptedException {
    String answer = answers.poll(60, TimeUnit.SECONDS);
    if (answer == null) {
      throw new IllegalStateException("the ledger process did not answer; alive=" + process.isAlive());
    }
    if (answer.startsWith("error ")) {
      throw new IllegalStateException("the ledger process failed: " + answer);
    }
    return answer;
  }

  void await(String expected) throws InterruptedException {
    String answer = next();
    if (!answer.equals(expected)) {
      throw new IllegalStateException("expected '" + expected + "' from the ledger process, got '" + answer + "'");
    }
  }

  Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook, no close, no last write. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the ledger process did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  static ActionRecord action(String sha, int sequence, String target) {
    return new ActionRecord(sha, sequence, "deploy", target, "applied", "action " + sequence,
        T0.plusSeconds(sequence), T0.plusSeconds(sequence).plusMillis(250));
  }

  static RevisionRecord revision(String sha) {
    return new RevisionRecord(sha, Optional.empty(), "Ada <ada@example.com>", "Grace <grace@example.com>",
        "commit " + sha, T0, T0.plusSeconds(1), RevisionStatus.IN_PROGRESS, "", Optional.empty());
  }

  // ---------------------------------------------------------------- the other JVM

  public static void main(String[] args) throws IOException {
    Map<String, String> settings = new HashMap<>();
    Optional<URI> uri = Optional.empty();
    if (args.length > 2) {
      uri = Optional.of(URI.create(args[2]));
      settings.put("user", args[3]);
      settings.put("password", args[4]);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Ledger ledger = Drivers.find(LedgerFactory.class, args[0])
        .create(new DriverConfig("process", Path.of(args[1]), uri, settings));
    out.println(ANSWER + "open");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.strip().split(" ");
      try {
        switch (words[0]) {
          case "revision" -> {
            ledger.recordRevision(revision(words[1]));
            out.println(ANSWER + "ok");
          }
          case "action" -> {
            ledger.recordAction(action(words[1], Integer.parseInt(words[2]), words[3]));
            out.println(ANSWER + "ok");
          }
          case "actions" -> {
            int from = Integer.parseInt(words[2]);
            for (int n = from; n < from + Integer.parseInt(words[3]); n++) {
              ledger.recordAction(action(words[1], n, "sava/sava/sava:" + n));
              out.println(ANSWER + "recorded " + n);
            }
          }
          case "revisions" -> out.println(ANSWER + ledger.revisions(100).stream().map(RevisionRecord::sha)
              .collect(Collectors.joining(",")));
          case "close" -> {
            ledger.close();
            out.println(ANSWER + "closed");
            return;
          }
          default -> out.println(ANSWER + "error unknown command " + line);
        }
      } catch (RuntimeException e) {
        out.println(ANSWER + "error " + e);
      }
    }
  }
}
