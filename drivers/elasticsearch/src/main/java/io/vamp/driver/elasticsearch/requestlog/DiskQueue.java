package io.vamp.driver.elasticsearch.requestlog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bounded first-in first-out queue of {@link LogEntry log entries} in segment files under a directory:
 * {@code 00000000000000000001.seg}, ... each a run of lines {@code index TAB id TAB json}, and a
 * {@code position} file saying how far the head segment has been sent. Entries are read back in the
 * order they were written, across restarts.
 *
 * <p>Bounded by {@code maxBytes}: an append that would pass it first drops the oldest whole segments
 * (recent requests matter more to metrics than old ones), and if only the segment being written is
 * left, the entries being appended. {@link #append} returns how many entries were dropped.
 *
 * <p>Not thread-safe: one shipper thread reads and writes. A line cut short by a crash is cut off when
 * the queue is opened again. Nothing is forced to the disk: a killed process keeps what it wrote, an
 * operating-system crash may lose the last seconds.
 */
final class DiskQueue implements AutoCloseable {
  private static final String SUFFIX = ".seg";
  private static final String POSITION = "position";

  /** A batch read from the head, and where the head is once it has been sent. */
  record Batch(List<LogEntry> entries, long segment, long offset, long consumedInSegment) {}

  private final Path directory;
  private final long maxBytes;
  private final long segmentBytes;
  /** segment number → its size in bytes and entries. */
  private final TreeMap<Long, long[]> segments = new TreeMap<>();
  private long headSegment;
  private long headOffset;
  private long headEntriesConsumed;
  private OutputStream tail;
  private long tailSegment;

  DiskQueue(Path directory, long maxBytes, long segmentBytes) {
    if (segmentBytes < 1024 || maxBytes < 2 * segmentBytes) {
      throw new IllegalArgumentException("disk buffer needs segments of at least 1 KiB and room for two of them");
    }
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    try {
      Files.createDirectories(directory);
      load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the request-log buffer in " + directory, e);
    }
  }

  private void load() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          try {
            long number = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            segments.put(number, new long[] {0, 0});
          } catch (NumberFormatException e) {
            // not ours
          }
        }
      }
    }
    if (!segments.isEmpty()) {
      truncatePartialLine(segments.lastKey());
    }
    for (Map.Entry<Long, long[]> segment : segments.entrySet()) {
      byte[] bytes = Files.readAllBytes(file(segment.getKey()));
      segment.getValue()[0] = bytes.length;
      segment.getValue()[1] = newlines(bytes, 0, bytes.length);
    }
    headSegment = segments.isEmpty() ? 1 : segments.firstKey();
    headOffset = 0;
    Path position = directory.resolve(POSITION);
    if (Files.exists(position)) {
      String[] parts = Files.readString(position).trim().split(" ");
      if (parts.length == 2) {
        long segment = Long.parseLong(parts[0]);
        long offset = Long.parseLong(parts[1]);
        if (segments.containsKey(segment) && offset <= segments.get(segment)[0]) {
          headSegment = segment;
          headOffset = offset;
        }
      }
    }
    // segments before the head were sent but not yet deleted
    while (!segments.isEmpty() && segments.firstKey() < headSegment) {
      Files.deleteIfExists(file(segments.pollFirstEntry().getKey()));
    }
    if (segments.containsKey(headSegment) && headOffset > 0) {
      byte[] bytes = Files.readAllBytes(file(headSegment));
      headEntriesConsumed = newlines(bytes, 0, (int) headOffset);
    }
    tailSegment = segments.isEmpty() ? headSegment : segments.lastKey();
  }

  private void truncatePartialLine(long segment) throws IOException {
    try (FileChannel channel = FileChannel.open(file(segment), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long keep = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        channel.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        channel.truncate(keep);
      }
    }
  }

  private static long newlines(byte[] bytes, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  private Path file(long segment) {
    return directory.resolve(String.format("%020d%s", segment, SUFFIX));
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Entries not yet sent. */
  long size() {
    long n = 0;
    for (long[] s : segments.values()) {
      n += s[1];
    }
    return n - headEntriesConsumed;
  }

  /** Bytes on disk, sent parts of the head segment included. */
  long bytes() {
    long n = 0;
    for (long[] s : segments.values()) {
      n += s[0];
    }
    return n;
  }

  /** Appends entries after the last ones; returns how many entries were dropped to stay within bounds. */
  long append(List<LogEntry> entries) {
    long dropped = 0;
    try {
      for (LogEntry entry : entries) {
        byte[] line = (entry.line() + "\n").getBytes(StandardCharsets.UTF_8);
        if (line.length > segmentBytes) {
          dropped++;
          continue;
        }
        while (bytes() + line.length > maxBytes && segments.size() > 1) {
          dropped += dropHead();
        }
        if (bytes() + line.length > maxBytes) {
          dropped++;
          continue;
        }
        long[] tailStats = segments.get(tailSegment);
        if (tailStats != null && tailStats[0] + line.length > segmentBytes) {
          closeTail();
          tailSegment++;
          tailStats = null;
        }
        if (tailStats == null) {
          tailStats = new long[] {0, 0};
          segments.put(tailSegment, tailStats);
        }
        if (tail == null) {
          tail = new BufferedOutputStream(Files.newOutputStream(file(tailSegment), StandardOpenOption.CREATE,
              StandardOpenOption.APPEND), 64 * 1024);
        }
        tail.write(line);
        tailStats[0] += line.length;
        tailStats[1]++;
      }
      if (tail != null) {
        tail.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the request-log buffer in " + directory, e);
    }
    return dropped;
  }

  /** Deletes the oldest segment; returns the entries in it not yet sent. */
  private long dropHead() throws IOException {
    Map.Entry<Long, long[]> head = segments.pollFirstEntry();
    long lost = head.getValue()[1] - (head.getKey() == headSegment ? headEntriesConsumed : 0);
    Files.deleteIfExists(file(head.getKey()));
    headSegment = segments.firstKey();
    headOffset = 0;
    headEntriesConsumed = 0;
    savePosition();
    return lost;
  }

  /** Up to {@code max} of the oldest entries not yet sent, in order. */
  Batch peek(int max) {
    List<LogEntry> entries = new ArrayList<>();
    long segment = headSegment;
    long offset = headOffset;
    long consumed = headEntriesConsumed;
    try {
      if (tail != null) {
        tail.flush();
      }
      while (entries.size() < max && segments.containsKey(segment)) {
        long size = segments.get(segment)[0];
        if (offset >= size) {
          Long next = segments.higherKey(segment);
          if (next == null) {
            break;
          }
          segment = next;
          offset = 0;
          consumed = 0;
          continue;
        }
        try (FileChannel channel = FileChannel.open(file(segment), StandardOpenOption.READ)) {
          int length = (int) Math.min(size - offset, segmentBytes);
          ByteBuffer buffer = ByteBuffer.allocate(length);
          while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
            // read on
          }
          byte[] bytes = buffer.array();
          int start = 0;
          for (int i = 0; i < buffer.position() && entries.size() < max; i++) {
            if (bytes[i] == '\n') {
              entries.add(LogEntry.parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
              consumed++;
              start = i + 1;
            }
          }
          if (start == 0) {
            throw new IOException("no complete line in " + file(segment) + " at " + offset);
          }
          offset += start;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request-log buffer in " + directory, e);
    }
    return new Batch(List.copyOf(entries), segment, offset, consumed);
  }

  /** Marks a batch from {@link #peek} as sent: the head moves past it, and emptied segments go. */
  void commit(Batch batch) {
    try {
      while (!segments.isEmpty() && segments.firstKey() < batch.segment()) {
        long gone = segments.pollFirstEntry().getKey();
        if (gone == tailSegment) {
          closeTail();
        }
        Files.deleteIfExists(file(gone));
      }
      headSegment = batch.segment();
      headOffset = batch.offset();
      headEntriesConsumed = batch.consumedInSegment();
      long[] stats = segments.get(headSegment);
      if (stats != null) {
        if (headOffset >= stats[0] && headSegment == tailSegment) {
          // everything sent: start afresh rather than keep a fully read file
          closeTail();
          Files.deleteIfExists(file(headSegment));
          segments.remove(headSegment);
          headSegment++;
          tailSegment = headSegment;
          headOffset = 0;
          headEntriesConsumed = 0;
        }
      }
      savePosition();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the request-log buffer in " + directory, e);
    }
  }

  private void savePosition() throws IOException {
    Path temporary = directory.resolve(POSITION + ".tmp");
    Files.writeString(temporary, headSegment + " " + headOffset + "\n");
    try {
      Files.move(temporary, directory.resolve(POSITION), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, directory.resolve(POSITION), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void closeTail() throws IOException {
    if (tail != null) {
      tail.close();
      tail = null;
    }
  }

  @Override
  public void close() {
    try {
      closeTail();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
