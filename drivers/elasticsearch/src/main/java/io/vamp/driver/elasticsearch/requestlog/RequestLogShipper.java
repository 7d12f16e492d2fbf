package io.vamp.driver.elasticsearch.requestlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.elasticsearch.Backoff;
import io.vamp.driver.elasticsearch.Bulk;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.ElasticsearchSettings;
import io.vamp.driver.elasticsearch.IndexTemplates;
import io.vamp.driver.spi.DriverException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships HAProxy request-log records to Elasticsearch, into {@code vamp-vga-<namespace>-YYYY.MM.DD}, in
 * bulk. {@link #ship} never blocks the caller (the gateway agent's syslog reader): records go to a
 * bounded memory queue that one thread empties every {@code flushInterval} or {@code batchSize}
 * records.
 *
 * <p>While Elasticsearch is unreachable, batches go to a bounded {@link DiskQueue} under
 * {@code directory}; once anything is on disk, new batches queue behind it, and the disk is replayed in
 * order, with {@link Backoff}, when Elasticsearch answers again. Each record gets an id when it arrives,
 * kept on disk with it, so a batch sent twice (sent, then the process died before noting it) is stored
 * once. What is dropped (memory queue full, disk bound reached, a record Elasticsearch rejects for
 * good) is counted and logged at most once per {@code dropReportInterval}.
 *
 * <p>The record is a plain map (the keys of the renderer's JSON log-format) so that this module does not
 * depend on the gateway agent's types; the agent's sink is bridged by whoever has both:
 * {@code RequestLogSink sink = log -> shipper.ship(log.fields());}
 */
public final class RequestLogShipper implements Consumer<Map<String, Object>>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLogShipper.class);

  /**
   * @param directory          where the disk buffer lives (one shipper per directory)
   * @param batchSize          records per bulk request
   * @param flushInterval      longest a record waits in memory
   * @param memoryCapacity     records the memory queue holds before {@link #ship} drops
   * @param maxDiskBytes       bound of the disk buffer
   * @param segmentBytes       size of one disk segment
   * @param dropReportInterval drops are logged at most this often
   * @param backoff            waits between attempts while Elasticsearch fails
   * @param logZone            the zone HAProxy's {@code %t} is in (the HAProxy host's)
   */
  public record Options(Path directory, int batchSize, Duration flushInterval, int memoryCapacity, long maxDiskBytes,
      long segmentBytes, Duration dropReportInterval, Backoff backoff, ZoneId logZone) {
    public Options {
      Objects.requireNonNull(directory, "directory");
      if (batchSize < 1 || memoryCapacity < batchSize) {
        throw new IllegalArgumentException("need 1 <= batchSize <= memoryCapacity");
      }
      Objects.requireNonNull(flushInterval, "flushInterval");
      Objects.requireNonNull(dropReportInterval, "dropReportInterval");
      Objects.requireNonNull(backoff, "backoff");
      Objects.requireNonNull(logZone, "logZone");
    }

    /** 1000 per bulk, 1 s, 50 000 in memory, 256 MiB on disk in 8 MiB segments, drops reported once a minute. */
    public static Options defaults(Path directory) {
      return new Options(directory, 1000, Duration.ofSeconds(1), 50_000, 256L << 20, 8L << 20,
          Duration.ofMinutes(1), Backoff.DEFAULT, ZoneId.systemDefault());
    }

    public Options withDisk(long maxBytes, long segmentBytes) {
      return new Options(directory, batchSize, flushInterval, memoryCapacity, maxBytes, segmentBytes,
          dropReportInterval, backoff, logZone);
    }

    public Options withFlush(int batchSize, Duration flushInterval) {
      return new Options(directory, batchSize, flushInterval, Math.max(memoryCapacity, batchSize), maxDiskBytes,
          segmentBytes, dropReportInterval, backoff, logZone);
    }

    public Options withBackoff(Backoff backoff) {
      return new Options(directory, batchSize, flushInterval, memoryCapacity, maxDiskBytes, segmentBytes,
          dropReportInterval, backoff, logZone);
    }

    public Options withZone(ZoneId logZone) {
      return new Options(directory, batchSize, flushInterval, memoryCapacity, maxDiskBytes, segmentBytes,
          dropReportInterval, backoff, logZone);
    }

    public Options withDropReportInterval(Duration dropReportInterval) {
      return new Options(directory, batchSize, flushInterval, memoryCapacity, maxDiskBytes, segmentBytes,
          dropReportInterval, backoff, logZone);
    }

    public Options withMemoryCapacity(int memoryCapacity) {
      return new Options(directory, batchSize, flushInterval, memoryCapacity, maxDiskBytes, segmentBytes,
          dropReportInterval, backoff, logZone);
    }
  }

  /** Counts since start: indexed, dropped, and what waits on disk now. */
  public record Stats(long received, long indexed, long dropped, long onDisk, long diskBytes) {}

  private final ElasticsearchConnection connection;
  private final Options options;
  private final Clock clock;
  private final RequestLogDocuments documents;
  private final BlockingQueue<LogEntry> memory;
  private final String idPrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedUnreported = new AtomicLong();
  private volatile String lastDropReason = "";
  private volatile long onDisk;
  private volatile long diskBytes;
  private final DiskQueue disk;
  private final Thread thread;
  private volatile boolean running;
  private int failures;
  private Instant nextAttempt = Instant.MIN;
  private Instant lastDropReport = Instant.MIN;

  public RequestLogShipper(ElasticsearchConnection connection, Options options) {
    this(connection, options, Clock.systemUTC());
  }

  RequestLogShipper(ElasticsearchConnection connection, Options options, Clock clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = clock;
    ElasticsearchSettings settings = connection.settings();
    ObjectMapper json = connection.json();
    this.documents = new RequestLogDocuments(json, settings.requestLogPrefix(), settings.namespace(), options.logZone());
    this.memory = new ArrayBlockingQueue<>(options.memoryCapacity());
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    this.idPrefix = HexFormat.of().formatHex(random) + "-";
    this.disk = new DiskQueue(options.directory(), options.maxDiskBytes(), options.segmentBytes());
    this.onDisk = disk.size();
    this.diskBytes = disk.bytes();
    this.thread = new Thread(this::loop, "vamp-request-log-shipper");
    this.thread.setDaemon(true);
  }

  public synchronized void start() {
    if (running || !thread.getState().equals(Thread.State.NEW)) {
      return;
    }
    running = true;
    thread.start();
    LOG.info("request-log shipper started directory={} on_disk={} hosts={}", options.directory(), onDisk,
        connection.where());
  }

  /**
   * Takes one parsed request-log record; never blocks. Returns false when the record was dropped (the
   * memory queue is full, or it cannot be written as JSON), as the agent's {@code RequestLogSink.offer}
   * expects; drops are counted either way.
   */
  public boolean ship(Map<String, ?> record) {
    received.incrementAndGet();
    LogEntry entry;
    try {
      entry = documents.entry(record, idPrefix + Long.toString(sequence.incrementAndGet(), 36), clock.instant());
    } catch (IllegalArgumentException e) {
      drop(1, "unreadable record: " + e.getMessage());
      return false;
    }
    if (!memory.offer(entry)) {
      drop(1, "memory queue full (" + options.memoryCapacity() + ")");
      return false;
    }
    return true;
  }

  @Override
  public void accept(Map<String, Object> record) {
    ship(record);
  }

  public Stats stats() {
    return new Stats(received.get(), indexed.get(), dropped.get(), onDisk, diskBytes);
  }

  /** Stops the thread: what is in memory is sent if Elasticsearch answers, else written to disk for next time. */
  public void stop() {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("request-log shipper stopped indexed={} dropped={} on_disk={}", indexed.get(), dropped.get(), onDisk);
  }

  @Override
  public void close() {
    stop();
    if (!thread.isAlive()) {
      disk.close();
    }
  }

  private void loop() {
    while (running) {
      try {
        List<LogEntry> batch = new ArrayList<>(options.batchSize());
        try {
          LogEntry first = memory.poll(options.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
          if (first != null) {
            batch.add(first);
            // let a burst fill the batch, but not wait past the flush interval
            memory.drainTo(batch, options.batchSize() - 1);
          }
        } catch (InterruptedException e) {
          if (!running) {
            break;
          }
        }
        step(batch);
      } catch (RuntimeException e) {
        // a disk that cannot be written must not end shipping for good: say so, and go on
        LOG.error("request-log shipper step failed error=\"{}\"", e.toString(), e);
        failed(e.toString());
      }
    }
    try {
      // stopping: keep what is in memory
      List<LogEntry> rest = new ArrayList<>();
      memory.drainTo(rest);
      for (int i = 0; i < rest.size(); i += options.batchSize()) {
        step(rest.subList(i, Math.min(rest.size(), i + options.batchSize())), true);
      }
      reportDrops(true);
    } catch (RuntimeException e) {
      LOG.error("request-log shipper could not keep what was in memory error=\"{}\"", e.toString(), e);
    }
  }

  private void step(List<LogEntry> batch) {
    step(batch, false);
  }

  private void step(List<LogEntry> batch, boolean stopping) {
    if (!batch.isEmpty()) {
      if (disk.isEmpty() && due()) {
        send(batch);
      } else {
        spill(batch);
      }
    }
    if (!stopping) {
      replay();
    }
    reportDrops(false);
    onDisk = disk.size();
    diskBytes = disk.bytes();
  }

  private boolean due() {
    return !clock.instant().isBefore(nextAttempt);
  }

  /** Sends a fresh batch; what fails retryably goes to disk, in order. */
  private void send(List<LogEntry> batch) {
    Bulk.Outcome outcome;
    try {
      outcome = write(batch);
    } catch (DriverException e) {
      failed(e.getMessage());
      spill(batch);
      return;
    }
    indexed.addAndGet(outcome.acknowledged().size());
    rejected(batch, outcome);
    if (outcome.retryable().isEmpty()) {
      succeeded();
    } else {
      failed(outcome.retryable().size() + " of " + batch.size() + " records, e.g. "
          + outcome.retryable().values().iterator().next());
      spill(outcome.retryable().keySet().stream().sorted().map(batch::get).toList());
    }
  }

  /** Replays the disk, oldest first, while Elasticsearch takes it and nothing new waits in memory for long. */
  private void replay() {
    int rounds = 0;
    while (!disk.isEmpty() && due() && running && rounds++ < 20 && memory.size() < options.memoryCapacity() / 2) {
      DiskQueue.Batch batch = disk.peek(options.batchSize());
      if (batch.entries().isEmpty()) {
        return;
      }
      Bulk.Outcome outcome;
      try {
        outcome = write(batch.entries());
      } catch (DriverException e) {
        failed(e.getMessage());
        return;
      }
      if (!outcome.retryable().isEmpty()) {
        // acknowledged ones will be written again with the same ids: replaced, not doubled
        failed(outcome.retryable().size() + " of " + batch.entries().size() + " replayed records, e.g. "
            + outcome.retryable().values().iterator().next());
        return;
      }
      indexed.addAndGet(outcome.acknowledged().size());
      rejected(batch.entries(), outcome);
      disk.commit(batch);
      if (failures > 0 || rounds == 1) {
        LOG.debug("request-log replay batch={} left_on_disk={}", batch.entries().size(), disk.size());
      }
      succeeded();
    }
  }

  private Bulk.Outcome write(List<LogEntry> entries) {
    List<Bulk.Doc> docs = new ArrayList<>(entries.size());
    for (LogEntry entry : entries) {
      try {
        docs.add(new Bulk.Doc(entry.index(), entry.id(), connection.json().readTree(entry.json())));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("a buffered request-log line is not JSON: " + e.getMessage(), e);
      }
    }
    connection.ensureTemplate(IndexTemplates.Kind.REQUEST_LOGS);
    return Bulk.write(connection, docs);
  }

  private void rejected(List<LogEntry> batch, Bulk.Outcome outcome) {
    if (!outcome.rejected().isEmpty()) {
      drop(outcome.rejected().size(), "rejected by Elasticsearch: " + outcome.rejected().values().iterator().next());
    }
  }

  private void spill(List<LogEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long lost = disk.append(entries);
    if (lost > 0) {
      drop(lost, "disk buffer full (" + options.maxDiskBytes() + " bytes)");
    }
  }

  private void succeeded() {
    if (failures > 0) {
      LOG.info("request-log shipping recovered after_failures={} on_disk={}", failures, disk.size());
    }
    failures = 0;
    nextAttempt = Instant.MIN;
  }

  private void failed(String message) {
    failures++;
    Duration wait = options.backoff().delay(failures, ThreadLocalRandom.current()::nextDouble);
    nextAttempt = clock.instant().plus(wait);
    if (failures == 1) {
      LOG.warn("request-log shipping failing, buffering on disk directory={} error=\"{}\"", options.directory(),
          message);
    } else {
      LOG.debug("request-log shipping still failing failures={} wait={} error=\"{}\"", failures, wait, message);
    }
  }

  private void drop(long count, String reason) {
    dropped.addAndGet(count);
    droppedUnreported.addAndGet(count);
    lastDropReason = reason;
  }

  private void reportDrops(boolean now) {
    Instant t = clock.instant();
    if (droppedUnreported.get() == 0 || (!now && t.isBefore(lastDropReport.plus(options.dropReportInterval())))) {
      return;
    }
    long count = droppedUnreported.getAndSet(0);
    lastDropReport = t;
    LOG.warn("request logs dropped count={} total={} last_reason=\"{}\"", count, dropped.get(), lastDropReason);
  }
}
