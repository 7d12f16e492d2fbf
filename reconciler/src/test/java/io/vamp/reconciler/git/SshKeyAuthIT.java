package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh key authentication and host key checking against a real ssh server on 127.0.0.1. */
class SshKeyAuthIT {

  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir Path tmp;
  private TestRepository pusher;
  private Repository served;
  private SshGitServer server;
  private KeyPair clientKey;
  private Path keyFile;
  private Path knownHosts;
  private RevCommit first;

  @BeforeEach
  void start() throws Exception {
    String remote = TestRepository.initBareRemote(tmp.resolve("remote.git"), "main");
    pusher = TestRepository.init(tmp.resolve("pusher"), "main").withRemote(remote);
    first = pusher.commit("first", Map.of("breeds/sava.yaml", "name: sava:1.0.0\n"));
    pusher.push("main");
    served = Git.open(tmp.resolve("remote.git").toFile()).getRepository();
    clientKey = SshGitServer.newKeyPair();
    keyFile = writeKey(clientKey, tmp.resolve("id_ecdsa"), null);
    server = new SshGitServer(served, clientKey.getPublic());
    knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    served.close();
    pusher.close();
  }

  private static Path writeKey(KeyPair key, Path file, String passphrase) throws Exception {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
      encryption.setPassword(passphrase);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      new OpenSSHKeyPairResourceWriter().writePrivateKey(key, "test", encryption, out);
    }
    return file;
  }

  private GitSource open(GitCredentials.SshKey credentials) {
    return GitSource.open(GitSourceConfig.of(server.url()).withCredentials(credentials)
        .withWorkDir(tmp.resolve("mirror")), Map.of("KEY_PASSPHRASE", PASSPHRASE)::get);
  }

  private GitCredentials.SshKey key() {
    return GitCredentials.sshKey(keyFile).withKnownHosts(knownHosts);
  }

  @Test
  void keyAndKnownHostFetchAndPollWithoutRefetching() throws Exception {
    try (GitSource source = open(key())) {
      assertThat(source.fetch().files()).containsKey("breeds/sava.yaml");
      assertThat(source.headIfChanged(first.name())).isEmpty();
      assertThat(source.fetchCount()).isEqualTo(1);

      RevCommit second = pusher.commit("second", Map.of("breeds/sava.yaml", "name: v2\n"));
      pusher.push("main");
      assertThat(source.headIfChanged(first.name())).contains(second.name());
      assertThat(source.fetchCount()).isEqualTo(2);
    }
  }

  @Test
  void passphraseProtectedKeyReadsItsPassphraseFromTheEnvironment() throws Exception {
    Path locked = writeKey(clientKey, tmp.resolve("id_locked"), PASSPHRASE);
    GitCredentials.SshKey credentials = GitCredentials.sshKey(locked).withKnownHosts(knownHosts)
        .withPassphrase(SecretSource.environment("KEY_PASSPHRASE"));
    try (GitSource source = open(credentials)) {
      assertThat(source.fetch().sha()).isEqualTo(first.name());
    }
  }

  @Test
  void unknownHostIsRefusedByDefaultNamingTheHostAndTheFile() throws Exception {
    Files.writeString(knownHosts, "");
    try (GitSource source = open(key())) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.HOST_KEY_REJECTED);
            assertThat(e.retryable()).isFalse();
          })
          .hasMessageContaining("strict host key checking refused [127.0.0.1]:" + server.port())
          .hasMessageContaining("is not listed in " + knownHosts);
      assertThat(server.uploads.get()).isZero();
    }
  }

  @Test
  void missingKnownHostsFileIsRefusedWhenStrict() {
    try (GitSource source = open(key().withKnownHosts(tmp.resolve("absent_known_hosts")))) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.HOST_KEY_REJECTED))
          .hasMessageContaining("absent_known_hosts does not exist");
    }
  }

  @Test
  void changedHostKeyIsRefusedEvenWhenNotStrict() throws Exception {
    KeyPair impostor = SshGitServer.newKeyPair();
    Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " "
        + PublicKeyEntry.toString(impostor.getPublic()) + "\n");
    try (GitSource source = open(key().withStrictHostKeyChecking(false))) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.HOST_KEY_REJECTED))
          .hasMessageContaining("does not match the key(s) listed for it");
    }
  }

  @Test
  void unknownHostIsAcceptedWhenNotStrictAndTheFileIsNotWritten() throws Exception {
    Files.writeString(knownHosts, "");
    try (GitSource source = open(key().withStrictHostKeyChecking(false))) {
      assertThat(source.fetch().sha()).isEqualTo(first.name());
    }
    assertThat(knownHosts).isEmptyFile();
  }

  @Test
  void aKeyTheServerDoesNotKnowIsAuthRefused() throws Exception {
    Path stranger = writeKey(SshGitServer.newKeyPair(), tmp.resolve("id_stranger"), null);
    try (GitSource source = open(GitCredentials.sshKey(stranger).withKnownHosts(knownHosts))) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.AUTH_REFUSED);
            assertThat(e.retryable()).isFalse();
          })
          .hasMessageContaining("authentication refused");
    }
  }

  @Test
  void aWrongPassphraseNeverAppearsInTheError() throws Exception {
    Path locked = writeKey(clientKey, tmp.resolve("id_locked"), PASSPHRASE);
    Path wrong = Files.writeString(tmp.resolve("passphrase"), "not-the-passphrase-xyz");
    GitCredentials.SshKey credentials = GitCredentials.sshKey(locked).withKnownHosts(knownHosts)
        .withPassphrase(SecretSource.file(wrong));
    try (GitSource source = open(credentials)) {
      assertThatThrownBy(source::fetch)
          .isInstanceOfSatisfying(GitSourceException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.AUTH_REFUSED))
          .hasMessageNotContaining("not-the-passphrase-xyz")
          .hasMessageNotContaining(PASSPHRASE);
    }
  }
}
