package io.vamp.reconciler.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to authenticate to the remote. Secrets are referenced through {@link SecretSource}s (a file or
 * an environment variable) and read only for the duration of one transport operation; no variant
 * holds a secret value, so {@code toString()} is safe to log.
 */
public sealed interface GitCredentials {

  /** The conventional user name sent with a bare token (GitHub accepts any; GitLab accepts it for
   * personal access tokens). Use {@link #token(SecretSource, String)} for another one, e.g.
   * {@code oauth2} for GitLab OAuth tokens or {@code x-token-auth} for Bitbucket. */
  String DEFAULT_TOKEN_USERNAME = "x-access-token";

  static GitCredentials none() {
    return None.INSTANCE;
  }

  static GitCredentials token(SecretSource token) {
    return new Token(DEFAULT_TOKEN_USERNAME, token);
  }

  static GitCredentials token(SecretSource token, String username) {
    return new Token(username, token);
  }

  static GitCredentials usernamePassword(String username, SecretSource password) {
    return new UsernamePassword(username, password);
  }

  /** An ssh private key checked strictly against {@code ~/.ssh/known_hosts}. */
  static SshKey sshKey(Path privateKey) {
    return new SshKey(privateKey, null, null, true);
  }

  /** No credentials: public remotes, {@code file://} URLs and local paths. */
  enum None implements GitCredentials {
    INSTANCE;

    @Override
    public String toString() {
      return "none";
    }
  }

  /** An access token sent over https as the password of HTTP basic authentication. */
  record Token(String username, SecretSource token) implements GitCredentials {
    public Token {
      requireUsername(username);
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "token(user=" + username + ", secret from " + token.describe() + ")";
    }
  }

  /** A user name and a password (HTTP basic authentication). */
  record UsernamePassword(String username, SecretSource password) implements GitCredentials {
    public UsernamePassword {
      requireUsername(username);
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "password(user=" + username + ", secret from " + password.describe() + ")";
    }
  }

  /**
   * An ssh private key file (OpenSSH or PEM format), an optional passphrase, and the known_hosts
   * file the server's host key is checked against ({@code null}: {@code ~/.ssh/known_hosts}).
   *
   * <p>Host keys are checked strictly unless {@code strictHostKeyChecking} is false: a host missing
   * from known_hosts is refused, with an error naming the host and the file. With it false, an
   * unknown host is accepted (and a warning logged with its fingerprint), but a host listed with
   * a different key is still refused: the file is never written.
   */
  record SshKey(Path privateKey, SecretSource passphrase, Path knownHosts,
      boolean strictHostKeyChecking) implements GitCredentials {
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
    }

    public SshKey withPassphrase(SecretSource passphrase) {
      return new SshKey(privateKey, passphrase, knownHosts, strictHostKeyChecking);
    }

    public SshKey withKnownHosts(Path knownHosts) {
      return new SshKey(privateKey, passphrase, knownHosts, strictHostKeyChecking);
    }

    public SshKey withStrictHostKeyChecking(boolean strict) {
      return new SshKey(privateKey, passphrase, knownHosts, strict);
    }

    @Override
    public String toString() {
      return "ssh-key(" + privateKey
          + (passphrase == null ? "" : ", passphrase from " + passphrase.describe())
          + ", known_hosts=" + (knownHosts == null ? "~/.ssh/known_hosts" : knownHosts)
          + ", strict=" + strictHostKeyChecking + ")";
    }
  }

  private static void requireUsername(String username) {
    Objects.requireNonNull(username, "username");
    if (username.isBlank() || username.contains(":")) {
      throw new IllegalArgumentException("user name must be non-blank and contain no ':'");
    }
  }
}
