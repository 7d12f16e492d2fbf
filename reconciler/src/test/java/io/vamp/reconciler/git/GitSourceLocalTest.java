package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceLocalTest {

  @TempDir Path tmp;
  private TestRepository repo;
  private RevCommit first;
  private RevCommit second;

  @BeforeEach
  void twoCommits() throws Exception {
    repo = TestRepository.init(tmp.resolve("work"), "main");
    first = repo.commit("first: sava 1.0.0\n\nwith a body", Map.of(
        "breeds/sava.yaml", "name: sava:1.0.0\n",
        "README.md", "# not an artifact\n",
        "deployments/sava.yml", "name: sava\n"));
    second = repo.commit("second: sava 1.1.0", Map.of(
        "breeds/sava-1.1.yaml", "name: sava:1.1.0\n",
        "vamp/gateways/gw.yaml", "name: gw\n"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void fetchReadsOnlyYamlFilesOfTheHeadCommitSortedWithSlashPaths() {
    try (GitSource source = GitSource.local(repo.dir())) {
      Revision revision = source.fetch();

      assertThat(revision.sha()).isEqualTo(second.name());
      assertThat(revision.files().keySet()).containsExactly("breeds/sava-1.1.yaml",
          "breeds/sava.yaml", "deployments/sava.yml", "vamp/gateways/gw.yaml");
      assertThat(revision.files()).containsEntry("breeds/sava.yaml", "name: sava:1.0.0\n");
      assertThat(source.branch()).contains("main");
      assertThat(source.fetchCount()).isZero();
    }
  }

  @Test
  void revisionCarriesTheCommitsIdentity() {
    try (GitSource source = GitSource.local(repo.dir())) {
      Revision revision = source.fetch();

      assertThat(revision.parents()).containsExactly(first.name());
      assertThat(revision.author()).hasToString("Ada Author <ada@example.org>");
      assertThat(revision.committer()).hasToString("Cid Committer <cid@example.org>");
      assertThat(revision.author().when()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
      assertThat(revision.commitTime()).isEqualTo(Instant.parse("2026-01-02T04:05:06Z"));
      assertThat(revision.message()).isEqualTo("second: sava 1.1.0");
      assertThat(source.at(first.name()).parents()).isEmpty();
      assertThat(source.at(first.name()).message()).isEqualTo("first: sava 1.0.0\n\nwith a body");
      assertThat(source.at(first.name()).shortMessage()).isEqualTo("first: sava 1.0.0");
    }
  }

  @Test
  void readsBaseAndHeadByShaShortShaHeadTildeBranchAndTag() throws Exception {
    repo.tag("v1");
    try (GitSource source = GitSource.local(repo.dir())) {
      assertThat(source.at(first.name()).sha()).isEqualTo(first.name());
      assertThat(source.at(first.name().substring(0, 10)).sha()).isEqualTo(first.name());
      assertThat(source.at("HEAD~1").sha()).isEqualTo(first.name());
      assertThat(source.at("HEAD").sha()).isEqualTo(second.name());
      assertThat(source.at("main").sha()).isEqualTo(second.name());
      assertThat(source.at("v1").sha()).isEqualTo(second.name()); // annotated tag peeled
      assertThat(source.at("HEAD~1").files()).containsOnlyKeys("breeds/sava.yaml",
          "deployments/sava.yml");
    }
  }

  @Test
  void readsCommitsNotTheWorkingDirectory() throws Exception {
    Files.writeString(repo.dir().resolve("breeds/sava.yaml"), "name: edited-but-not-committed\n");
    Files.writeString(repo.dir().resolve("breeds/untracked.yaml"), "name: untracked\n");
    try (GitSource source = GitSource.local(repo.dir())) {
      Revision revision = source.fetch();

      assertThat(revision.files()).containsEntry("breeds/sava.yaml", "name: sava:1.0.0\n")
          .doesNotContainKey("breeds/untracked.yaml");
    }
  }

  @Test
  void subPathLimitsAndRelativizesTheFiles() {
    GitSourceConfig config = GitSourceConfig.of(repo.dir().toString()).withSubPath("/vamp/");
    try (GitSource source = GitSource.open(config)) {
      Revision revision = source.fetch();

      assertThat(revision.subPath()).isEqualTo("vamp");
      assertThat(revision.files()).containsOnlyKeys("gateways/gw.yaml");
    }
  }

  @Test
  void subPathMissingInACommitRejectsThatCommit() {
    GitSourceConfig config = GitSourceConfig.of(repo.dir().toString()).withSubPath("vamp");
    try (GitSource source = GitSource.open(config)) {
      assertThatThrownBy(() -> source.at(first.name()))
          .isInstanceOfSatisfying(GitSourceException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.CONTENT_REJECTED);
            assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo("vamp"));
          })
          .hasMessageContaining("sub-path does not exist");
    }
  }

  @Test
  void headIfChangedResolvesTheRefAndComparesWithTheLastSeenSha() throws Exception {
    try (GitSource source = GitSource.local(repo.dir())) {
      assertThat(source.headIfChanged(null)).contains(second.name());
      assertThat(source.headIfChanged(second.name())).isEmpty();

      RevCommit third = repo.commit("third", Map.of("breeds/sava.yaml", "name: sava:1.0.1\n"));

      assertThat(source.headIfChanged(second.name())).contains(third.name());
      assertThat(source.fetch().files()).containsEntry("breeds/sava.yaml", "name: sava:1.0.1\n");
    }
  }

  @Test
  void followsTheConfiguredBranchNotTheCheckedOutOne() throws Exception {
    repo.checkoutNewBranch("feature");
    RevCommit feature = repo.commit("feature work", Map.of("breeds/f.yaml", "name: f\n"));
    repo.checkout("main");
    try (GitSource followsHead = GitSource.local(repo.dir());
        GitSource followsFeature = GitSource.open(GitSourceConfig.of(repo.dir().toString())
            .withBranch("refs/heads/feature"))) {
      assertThat(followsHead.fetch().sha()).isEqualTo(second.name());
      assertThat(followsFeature.fetch().sha()).isEqualTo(feature.name());
      assertThat(followsFeature.branch()).contains("feature");
    }
  }

  @Test
  void readsABareRepositoryPath() throws Exception {
    Path bare = tmp.resolve("bare.git");
    Git.cloneRepository().setURI(repo.dir().toUri().toString()).setBare(true)
        .setDirectory(bare.toFile()).call().close();
    try (GitSource source = GitSource.local(bare)) {
      assertThat(source.fetch().sha()).isEqualTo(second.name());
      assertThat(source.at("HEAD~1").sha()).isEqualTo(first.name());
    }
  }

  @Test
  void unknownRevisionIsRevisionNotFound() {
    try (GitSource source = GitSource.local(repo.dir())) {
      for (String rev : new String[] {"no-such-branch", "HEAD~5", "0123456789abcdef", "a..b"}) {
        assertThatThrownBy(() -> source.at(rev))
            .isInstanceOfSatisfying(GitSourceException.class, e -> {
              assertThat(e.failure()).isEqualTo(Failure.REVISION_NOT_FOUND);
              assertThat(e.retryable()).isFalse();
            })
            .hasMessageContaining(rev)
            .hasMessageContaining("retrying will not help");
      }
    }
  }

  @Test
  void missingBranchListsTheBranchesThatExist() {
    try (GitSource source = GitSource.open(GitSourceConfig.of(repo.dir().toString())
        .withBranch("release"))) {
      assertThatThrownBy(() -> source.headIfChanged(null))
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.BRANCH_MISSING))
          .hasMessageContaining("'release'")
          .hasMessageContaining("branches: main");
    }
  }

  @Test
  void aDirectoryThatIsNoRepositoryIsRepositoryNotFound() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThatThrownBy(() -> GitSource.local(plain))
        .isInstanceOfSatisfying(GitSourceException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.REPOSITORY_NOT_FOUND))
        .hasMessageContaining("is not a Git repository");
    assertThatThrownBy(() -> GitSource.local(tmp.resolve("absent")))
        .isInstanceOfSatisfying(GitSourceException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.REPOSITORY_NOT_FOUND));
  }

  @Test
  void revisionIsImmutableAndItsToStringOmitsContents() {
    try (GitSource source = GitSource.local(repo.dir())) {
      Revision revision = source.fetch();

      assertThatThrownBy(() -> revision.files().put("x.yaml", "x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(revision.toString()).contains(revision.shortSha()).contains("4 files")
          .doesNotContain("name: sava");
    }
  }
}
