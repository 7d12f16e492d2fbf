package io.vamp.driver.elasticsearch.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {
  @TempDir
  Path directory;

  private static List<LogEntry> entries(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> new LogEntry("vamp-vga-t-2024.05.01", "id-" + i, "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}"))
        .toList();
  }

  private static List<String> ids(List<LogEntry> entries) {
    return entries.stream().map(LogEntry::id).toList();
  }

  private static List<String> drain(DiskQueue queue, int batch) {
    List<String> ids = new ArrayList<>();
    while (!queue.isEmpty()) {
      DiskQueue.Batch b = queue.peek(batch);
      ids.addAll(ids(b.entries()));
      queue.commit(b);
    }
    return ids;
  }

  @Test
  void entriesComeBackInTheOrderTheyWentInAcrossSegments() {
    try (DiskQueue queue = new DiskQueue(directory, 1 << 20, 1024)) {
      assertThat(queue.append(entries(0, 100))).isZero();
      assertThat(queue.size()).isEqualTo(100);
      assertThat(segmentFiles()).hasSizeGreaterThan(3);
      assertThat(drain(queue, 7)).isEqualTo(ids(entries(0, 100)));
      assertThat(queue.size()).isZero();
      assertThat(segmentFiles()).isEmpty();
    }
  }

  @Test
  void aPeekNotCommittedIsReadAgain() {
    try (DiskQueue queue = new DiskQueue(directory, 1 << 20, 1024)) {
      queue.append(entries(0, 10));
      assertThat(ids(queue.peek(4).entries())).isEqualTo(ids(entries(0, 4)));
      assertThat(ids(queue.peek(4).entries())).isEqualTo(ids(entries(0, 4)));
      queue.commit(queue.peek(4));
      assertThat(queue.size()).isEqualTo(6);
      assertThat(ids(queue.peek(100).entries())).isEqualTo(ids(entries(4, 10)));
    }
  }

  @Test
  void reopeningResumesAfterWhatWasCommitted() {
    try (DiskQueue queue = new DiskQueue(directory, 1 << 20, 1024)) {
      queue.append(entries(0, 50));
      queue.commit(queue.peek(20));
    }
    try (DiskQueue queue = new DiskQueue(directory, 1 << 20, 1024)) {
      assertThat(queue.size()).isEqualTo(30);
      queue.append(entries(50, 60));
      assertThat(drain(queue, 9)).isEqualTo(ids(entries(20, 60)));
    }
  }

  @Test
  void aLineCutShortByACrashIsCutOff() throws IOException {
    try (DiskQueue queue = new DiskQueue(directory, 1 << 20, 1 << 16)) {
      queue.append(entries(0, 5));
    }
    Path segment = segmentFiles().get(0);
    Files.write(segment, "vamp-vga-t-2024.05.01\tid-x\t{\"half".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (DiskQueue queue = new DiskQueue(directory, 1 << 20, 1 << 16)) {
      assertThat(queue.size()).isEqualTo(5);
      queue.append(entries(5, 7));
      assertThat(drain(queue, 100)).isEqualTo(ids(entries(0, 7)));
    }
  }

  @Test
  void atItsBoundItDropsTheOldestSegmentsAndSaysHowMany() {
    try (DiskQueue queue = new DiskQueue(directory, 4096, 1024)) {
      long dropped = queue.append(entries(0, 200));
      assertThat(queue.bytes()).isLessThanOrEqualTo(4096);
      assertThat(dropped + queue.size()).isEqualTo(200);
      assertThat(dropped).isPositive();
      List<String> left = drain(queue, 1000);
      // what is left is the newest, still in order
      assertThat(left).isEqualTo(ids(entries((int) dropped, 200)));
    }
  }

  private List<Path> segmentFiles() {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
