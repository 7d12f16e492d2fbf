package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.model.problem.Problem;
import io.vamp.reconciler.git.GitSourceException.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevisionContentTest {

  @TempDir Path tmp;
  private TestRepository repo;

  @BeforeEach
  void init() throws Exception {
    repo = TestRepository.init(tmp.resolve("work"), "main");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private static GitSourceException rejected(GitSource source, String rev) {
    try {
      source.at(rev);
    } catch (GitSourceException e) {
      assertThat(e.failure()).isEqualTo(Failure.CONTENT_REJECTED);
      assertThat(e.retryable()).isFalse();
      return e;
    }
    throw new AssertionError("expected the revision to be rejected");
  }

  @Test
  void aFileOverFourMebibytesIsRefusedWithTheDefaultLimits() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024 + 1];
    Arrays.fill(big, (byte) 'a');
    RevCommit commit = repo.commitBytes("big", Map.of("ok.yaml", "a: 1\n".getBytes(
        StandardCharsets.UTF_8), "huge/big.yaml", big));
    try (GitSource source = GitSource.local(repo.dir())) {
      GitSourceException e = rejected(source, commit.name());

      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.file()).isEqualTo("huge/big.yaml");
        assertThat(p.message()).contains("4194305 bytes").contains("4194304");
      });
      assertThat(e).hasMessageContaining("huge/big.yaml").hasMessageContaining(commit.name());
    }
  }

  @Test
  void aFileExactlyAtTheLimitIsRead() throws Exception {
    byte[] edge = new byte[64];
    Arrays.fill(edge, (byte) 'a');
    repo.commitBytes("edge", Map.of("edge.yaml", edge));
    GitSourceConfig config = GitSourceConfig.of(repo.dir().toString())
        .withLimits(new RevisionLimits(64, 10, 1000));
    try (GitSource source = GitSource.open(config)) {
      assertThat(source.fetch().files().get("edge.yaml")).hasSize(64);
    }
  }

  @Test
  void moreFilesThanTheLimitIsRefused() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      files.put("breeds/b" + i + ".yaml", "name: b" + i + "\n");
    }
    files.put("notes.txt", "ignored and not counted");
    RevCommit commit = repo.commit("six", files);
    GitSourceConfig config = GitSourceConfig.of(repo.dir().toString())
        .withLimits(new RevisionLimits(1024, 5, 1 << 20));
    try (GitSource source = GitSource.open(config)) {
      GitSourceException e = rejected(source, commit.name());

      assertThat(e.problems()).singleElement()
          .satisfies(p -> assertThat(p.message()).contains("more than 5 yaml files"));
    }
    RevisionLimits six = new RevisionLimits(1024, 6, 1 << 20);
    try (GitSource source = GitSource.open(config.withLimits(six))) {
      assertThat(source.fetch().files()).hasSize(6);
    }
  }

  @Test
  void totalSizeOverTheLimitIsRefused() throws Exception {
    RevCommit commit = repo.commit("two", Map.of("a.yaml", "a: 123456789\n",
        "b.yaml", "b: 123456789\n"));
    GitSourceConfig config = GitSourceConfig.of(repo.dir().toString())
        .withLimits(new RevisionLimits(100, 10, 20));
    try (GitSource source = GitSource.open(config)) {
      assertThat(rejected(source, commit.name()).problems()).singleElement()
          .satisfies(p -> assertThat(p.message()).contains("more than 20 bytes"));
    }
  }

  @Test
  void nonUtf8AndBinaryYamlAreEachNamedWithLineAndColumn() throws Exception {
    byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] secondLine = "a: 1\nb: \u00fc\u00fc".getBytes(StandardCharsets.ISO_8859_1);
    byte[] binary = {'a', ':', ' ', 0, 1, 2};
    RevCommit commit = repo.commitBytes("bad", Map.of("breeds/latin1.yaml", latin1,
        "breeds/second.yml", secondLine, "blob.yaml", binary,
        "good.yaml", "ok: \u00e9\n".getBytes(StandardCharsets.UTF_8),
        "image.png", binary));
    try (GitSource source = GitSource.local(repo.dir())) {
      GitSourceException e = rejected(source, commit.name());

      assertThat(e.problems()).containsExactly(
          new Problem("blob.yaml", 1, 4, "", "binary content (a NUL byte); yaml files must be "
              + "UTF-8 text"),
          new Problem("breeds/latin1.yaml", 1, 10, "", "not valid UTF-8 (byte 0xE9); yaml files "
              + "must be UTF-8 text"),
          new Problem("breeds/second.yml", 2, 4, "", "not valid UTF-8 (byte 0xFC); yaml files "
              + "must be UTF-8 text"));
      assertThat(e).hasMessageContaining("breeds/latin1.yaml:1:10");
    }
  }

  @Test
  void problemsNameFilesFromTheRepositoryRootUnderASubPath() throws Exception {
    RevCommit commit = repo.commitBytes("bad", Map.of("vamp/x.yaml", new byte[] {(byte) 0xff}));
    try (GitSource source = GitSource.open(GitSourceConfig.of(repo.dir().toString())
        .withSubPath("vamp"))) {
      assertThat(rejected(source, commit.name()).problems()).extracting(Problem::file)
          .containsExactly("vamp/x.yaml");
    }
  }

  @Test
  void utf8ByteOrderMarkIsDroppedAndUpperCaseExtensionsAreRead() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', '1'};
    repo.commitBytes("bom", Map.of("bom.yaml", bom,
        "UPPER.YML", "b: 2".getBytes(StandardCharsets.UTF_8)));
    try (GitSource source = GitSource.local(repo.dir())) {
      assertThat(source.fetch().files()).containsExactly(Map.entry("UPPER.YML", "b: 2"),
          Map.entry("bom.yaml", "a: 1"));
    }
  }

  @Test
  void symlinksAreNotFollowed() throws Exception {
    Path outside = Files.writeString(tmp.resolve("secret.yaml"), "password: hunter2\n");
    repo.commit("real", Map.of("real.yaml", "a: 1\n"));
    Files.createSymbolicLink(repo.dir().resolve("link.yaml"), outside);
    repo.commit("link", Map.of());
    try (GitSource source = GitSource.local(repo.dir())) {
      assertThat(source.fetch().files()).containsOnlyKeys("real.yaml");
    }
  }

  @Test
  void anEmptyTreeReadsAsNoFiles() throws Exception {
    repo.commit("nothing yaml", Map.of("README.md", "hi\n"));
    try (GitSource source = GitSource.local(repo.dir())) {
      assertThat(source.fetch().files()).isEmpty();
    }
  }
}
