package io.vamp.reconciler.logging;

import java.time.Duration;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long Git operation (a first fetch of a large repository) says what it is doing and how far it got,
 * at most every {@link #EVERY}: {@code git progress operation="..." task="Receiving objects" done=120/4000}.
 */
public final class ProgressLog implements ProgressMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  static final Duration EVERY = Duration.ofSeconds(5);

  private final String operation;
  private final java.util.function.LongSupplier nanos;
  private final long startedNanos;
  private long lastNanos;
  private String task = "";
  private int total;
  private int done;

  public ProgressLog(String operation) {
    this(operation, System::nanoTime);
  }

  ProgressLog(String operation, java.util.function.LongSupplier nanos) {
    this.operation = operation;
    this.nanos = nanos;
    this.startedNanos = nanos.getAsLong();
    this.lastNanos = startedNanos;
  }

  @Override
  public void start(int totalTasks) {
    // tasks are reported one by one
  }

  @Override
  public void beginTask(String title, int totalWork) {
    task = title;
    total = totalWork;
    done = 0;
    maybeLog();
  }

  @Override
  public void update(int completed) {
    done += completed;
    maybeLog();
  }

  @Override
  public void endTask() {
    maybeLog();
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void showDuration(boolean enabled) {
    // durations are in the log line
  }

  /** Whether the last call logged (tests). */
  boolean logged;

  private void maybeLog() {
    logged = false;
    long now = nanos.getAsLong();
    if (now - lastNanos < EVERY.toNanos()) {
      return;
    }
    lastNanos = now;
    logged = true;
    LOG.info("git progress operation=\"{}\" task=\"{}\" done={}{} elapsed={}s", operation, task, done,
        total > 0 ? "/" + total : "", Duration.ofNanos(now - startedNanos).toSeconds());
  }
}
