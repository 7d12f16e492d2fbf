package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bare "remote" reached through a file:// URL, mirrored into a work directory. */
class GitSourceRemoteTest {

  @TempDir Path tmp;
  private String remoteUrl;
  private TestRepository pusher;
  private RevCommit first;

  @BeforeEach
  void remoteWithOneCommit() throws Exception {
    remoteUrl = TestRepository.initBareRemote(tmp.resolve("remote.git"), "main");
    pusher = TestRepository.init(tmp.resolve("pusher"), "main").withRemote(remoteUrl);
    first = pusher.commit("first", Map.of("vamp/breeds/sava.yaml", "name: sava:1.0.0\n",
        "other/ignored.yaml", "x: 1\n"));
    pusher.push("main");
  }

  @AfterEach
  void close() {
    pusher.close();
  }

  private GitSourceConfig config() {
    return GitSourceConfig.of(remoteUrl).withWorkDir(tmp.resolve("mirror"));
  }

  @Test
  void firstPollFetchesIntoABareMirrorAndReadsTheHead() {
    try (GitSource source = GitSource.open(config().withSubPath("vamp"))) {
      Revision revision = source.fetch();

      assertThat(revision.sha()).isEqualTo(first.name());
      assertThat(revision.files()).containsOnlyKeys("breeds/sava.yaml");
      assertThat(source.fetchCount()).isEqualTo(1);
      assertThat(source.branch()).contains("main");
      assertThat(tmp.resolve("mirror/HEAD")).exists();
      assertThat(tmp.resolve("mirror/vamp")).doesNotExist(); // bare: no working files
    }
  }

  @Test
  void unchangedRemoteCostsNoFetch() {
    try (GitSource source = GitSource.open(config())) {
      String head = source.headIfChanged(null).orElseThrow();
      assertThat(source.fetchCount()).isEqualTo(1);

      for (int i = 0; i < 5; i++) {
        assertThat(source.headIfChanged(head)).isEmpty();
      }

      assertThat(source.fetchCount()).isEqualTo(1);
    }
  }

  @Test
  void pushedCommitIsSeenByTheNextPollAndFetchedOnce() throws Exception {
    try (GitSource source = GitSource.open(config())) {
      String seen = source.headIfChanged(null).orElseThrow();

      RevCommit second = pusher.commit("second", Map.of("vamp/breeds/sava.yaml",
          "name: sava:1.1.0\n"));
      pusher.push("main");

      assertThat(source.headIfChanged(seen)).contains(second.name());
      assertThat(source.headIfChanged(second.name())).isEmpty();
      assertThat(source.fetchCount()).isEqualTo(2);
      Revision head = source.at(second.name());
      assertThat(head.files()).containsEntry("vamp/breeds/sava.yaml", "name: sava:1.1.0\n");
      assertThat(head.parents()).containsExactly(first.name());
      assertThat(source.at("main~1").sha()).isEqualTo(first.name()); // history is in the mirror
    }
  }

  @Test
  void reopeningTheSameWorkDirectoryFetchesNothingAlreadyMirrored() {
    try (GitSource source = GitSource.open(config())) {
      source.fetch();
    }
    try (GitSource reopened = GitSource.open(config())) {
      assertThat(reopened.headIfChanged(null)).contains(first.name());
      assertThat(reopened.fetchCount()).isZero();
    }
  }

  @Test
  void anUnchangedHeadIsStillMirroredForADaemonRestartedOnAFreshWorkDirectory() {
    try (GitSource source = GitSource.open(config().withWorkDir(tmp.resolve("fresh")))) {
      assertThat(source.headIfChanged(first.name())).isEmpty();
      assertThat(source.fetchCount()).isEqualTo(1);
      assertThat(source.at(first.name()).files()).containsKey("vamp/breeds/sava.yaml");
      assertThat(source.headIfChanged(first.name())).isEmpty();
      assertThat(source.fetchCount()).isEqualTo(1);
    }
  }

  @Test
  void forcePushBackToAMirroredCommitMovesTheBranchWithoutFetching() throws Exception {
    try (GitSource source = GitSource.open(config())) {
      source.headIfChanged(null);
      RevCommit second = pusher.commit("second", Map.of("vamp/b.yaml", "b: 1\n"));
      pusher.push("main");
      assertThat(source.headIfChanged(first.name())).contains(second.name());
      assertThat(source.fetchCount()).isEqualTo(2);

      pusher.git().reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
          .setRef(first.name()).call();
      pusher.push("main");

      assertThat(source.headIfChanged(second.name())).contains(first.name());
      assertThat(source.fetchCount()).isEqualTo(2);
      assertThat(source.at("main").sha()).isEqualTo(first.name());
    }
  }

  @Test
  void followsTheConfiguredBranch() throws Exception {
    pusher.checkoutNewBranch("release");
    RevCommit release = pusher.commit("release", Map.of("vamp/r.yaml", "r: 1\n"));
    pusher.push("release");
    try (GitSource source = GitSource.open(config().withBranch("release"))) {
      assertThat(source.fetch().sha()).isEqualTo(release.name());
      assertThat(source.branch()).contains("release");
    }
  }

  @Test
  void defaultBranchIsTheRemotesHead() throws Exception {
    pusher.checkoutNewBranch("trunk");
    RevCommit trunk = pusher.commit("trunk", Map.of("vamp/t.yaml", "t: 1\n"));
    pusher.push("trunk");
    try (Repository remote = Git.open(tmp.resolve("remote.git").toFile()).getRepository()) {
      RefUpdate head = remote.updateRef("HEAD");
      assertThat(head.link("refs/heads/trunk")).isIn(RefUpdate.Result.FORCED,
          RefUpdate.Result.NEW, RefUpdate.Result.NO_CHANGE);
    }
    try (GitSource source = GitSource.open(config())) {
      assertThat(source.fetch().sha()).isEqualTo(trunk.name());
      assertThat(source.branch()).contains("trunk");
    }
  }

  @Test
  void missingBranchSaysSoAndListsTheRemoteBranches() {
    try (GitSource source = GitSource.open(config().withBranch("nope"))) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.BRANCH_MISSING))
          .hasMessageContaining("branch 'nope' does not exist")
          .hasMessageContaining("branches: main");
      assertThat(source.fetchCount()).isZero();
    }
  }

  @Test
  void missingRemoteRepositoryIsReportedNotRetried() {
    GitSourceConfig config = GitSourceConfig.of(tmp.resolve("absent.git").toUri().toString())
        .withWorkDir(tmp.resolve("mirror2"));
    try (GitSource source = GitSource.open(config)) {
      assertThatThrownBy(() -> source.headIfChanged(null))
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.REPOSITORY_NOT_FOUND))
          .hasMessageContaining("absent.git");
    }
  }

  @Test
  void aNonEmptyWorkDirectoryThatIsNoMirrorIsRefused() throws Exception {
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("precious.txt"), "keep me");
    assertThatThrownBy(() -> GitSource.open(GitSourceConfig.of(remoteUrl).withWorkDir(used)))
        .isInstanceOfSatisfying(GitSourceException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_CONFIGURATION))
        .hasMessageContaining("is not a Git mirror");
    assertThat(used.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void theMirrorHoldsOnlyFetchedBranches() {
    try (GitSource source = GitSource.open(config())) {
      source.fetch();
      assertThatThrownBy(() -> source.at("origin/feature"))
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.REVISION_NOT_FOUND))
          .hasMessageContaining("the mirror holds fetched branches");
    }
  }
}
