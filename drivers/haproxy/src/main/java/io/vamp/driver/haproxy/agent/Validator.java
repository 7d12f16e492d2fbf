package io.vamp.driver.haproxy.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code haproxy -c -f <file>}: whether HAProxy would load a configuration, and what it says about it. */
final class Validator {

  /** The verdict; {@code message} is HAProxy's errors (its {@code [ALERT]} lines) when invalid. */
  record Verdict(boolean valid, String message, Duration took) {
    /** No check was needed: the text is valid by construction. */
    static final Verdict SKIPPED = new Verdict(true, "", Duration.ZERO);
  }

  private final Path binary;
  private final Duration timeout;

  Validator(Path binary, Duration timeout) {
    this.binary = binary;
    this.timeout = timeout;
  }

  Verdict check(Path file) {
    long started = System.nanoTime();
    Path log = file.resolveSibling(file.getFileName() + ".check");
    try {
      Process process = new ProcessBuilder(binary.toString(), "-c", "-f", file.toString())
          .directory(file.getParent().toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Verdict(false, "haproxy -c did not finish within " + timeout.toMillis() + " ms", since(started));
      }
      List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .map(line -> Texts.printable(line, 2000)).toList();
      if (process.exitValue() == 0) {
        return new Verdict(true, "", since(started));
      }
      return new Verdict(false, ProcessOutput.errors(output), since(started));
    } catch (IOException e) {
      return new Verdict(false, "cannot run " + binary + " -c: " + e.getMessage(), since(started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict(false, "interrupted while checking the configuration", since(started));
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a leftover check log is harmless
      }
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
