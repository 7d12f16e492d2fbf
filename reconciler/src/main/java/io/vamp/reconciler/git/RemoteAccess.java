package io.vamp.reconciler.git;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The two network operations a remote source needs, ref advertisement and fetch, with credentials
 * read just for the operation and cleared after it, and JGit's failures translated into
 * {@link GitSourceException}s whose messages carry no secret.
 */
final class RemoteAccess implements AutoCloseable {

  private final GitSourceConfig config;
  private final Location.Remote remote;
  private final Function<String, String> environment;
  private final KnownHostsVerifier hostKeys;
  private final SshdSessionFactory ssh;

  RemoteAccess(GitSourceConfig config, Location.Remote remote,
      Function<String, String> environment) {
    this.config = config;
    this.remote = remote;
    this.environment = environment;
    if (remote.isSsh()) {
      GitCredentials.SshKey key = config.credentials() instanceof GitCredentials.SshKey k ? k
          : null;
      Path home = Path.of(System.getProperty("user.home"));
      Path knownHosts = key != null && key.knownHosts() != null ? key.knownHosts()
          : home.resolve(".ssh").resolve("known_hosts");
      this.hostKeys = new KnownHostsVerifier(knownHosts, key == null || key.strictHostKeyChecking());
      List<Path> identities = key == null ? List.of() : List.of(key.privateKey());
      SecretSource passphrase = key == null ? null : key.passphrase();
      this.ssh = new SshdSessionFactoryBuilder()
          .setHomeDirectory(home.toFile())
          .setSshDirectory(home.resolve(".ssh").toFile())
          .setConfigStoreFactory((h, f, user) -> null) // ~/.ssh/config is not consulted
          .setDefaultIdentities(dir -> identities)
          .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
          .setServerKeyDatabase((h, dir) -> hostKeys)
          .setKeyPasswordProvider(cp -> new Passphrase(passphrase))
          .setPreferredAuthentications("publickey")
          .build(null); // no key cache: decrypted keys are not kept between operations
    } else {
      this.hostKeys = null;
      this.ssh = null;
    }
  }

  /** One ref advertisement: every ref the remote shows, by name, HEAD included. */
  Map<String, Ref> advertise() {
    return withCredentials("list the refs of", cp -> {
      try {
        return configure(Git.lsRemoteRepository().setRemote(remote.url()), cp).callAsMap();
      } catch (GitAPIException e) {
        throw new Wrapped(e);
      }
    });
  }

  /** Fetches one branch into the same-named branch of the mirror. */
  void fetch(Repository mirror, String branch) {
    withCredentials("fetch branch '" + branch + "' from", cp -> {
      try (Git git = Git.wrap(mirror)) {
        configure(git.fetch().setRemote(remote.url()), cp)
            .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch))
            .setTagOpt(TagOpt.NO_TAGS)
            .setRemoveDeletedRefs(false)
            .setProgressMonitor(new io.vamp.reconciler.logging.ProgressLog("fetch " + branch))
            .call();
        return null;
      } catch (GitAPIException e) {
        throw new Wrapped(e);
      }
    });
  }

  private <C extends TransportCommand<C, ?>> C configure(C command, CredentialsProvider cp) {
    command.setTimeout((int) Math.max(1, config.timeout().toSeconds()));
    if (cp != null) {
      command.setCredentialsProvider(cp);
    }
    if (ssh != null) {
      command.setTransportConfigCallback(t -> {
        if (t instanceof SshTransport s) {
          s.setSshSessionFactory(ssh);
        }
      });
    }
    return command;
  }

  private <T> T withCredentials(String what, Function<CredentialsProvider, T> operation) {
    String user = null;
    char[] secret = null;
    if (config.credentials() instanceof GitCredentials.Token t) {
      user = t.username();
      secret = Secrets.read(t.token(), environment);
    } else if (config.credentials() instanceof GitCredentials.UsernamePassword p) {
      user = p.username();
      secret = Secrets.read(p.password(), environment);
    }
    UsernamePasswordCredentialsProvider cp = secret == null ? null
        : new UsernamePasswordCredentialsProvider(user, secret);
    try {
      return operation.apply(cp);
    } catch (Wrapped e) {
      throw classify(what, e.getCause(), secret);
    } catch (GitSourceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw classify(what, e, secret);
    } finally {
      if (cp != null) {
        cp.clear();
      }
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
  }

  /** Names what failed, says whether retrying may help; scrubs the secret from every message. */
  private GitSourceException classify(String what, Throwable error, char[] secret) {
    String where = what + " " + config.displayUrl();
    String detail = Secrets.scrub(rootMessage(error), secret).strip();
    if (detail.startsWith(remote.url() + ": ")) {
      detail = detail.substring(remote.url().length() + 2); // JGit prefixes the URL we already name
    }
    Throwable cause = Secrets.mentions(error, secret) ? null : error;
    String refusal = hostKeys == null ? null : hostKeys.takeLastRefusal();
    if (refusal != null) {
      return new GitSourceException(Failure.HOST_KEY_REJECTED,
          "could not " + where + ": " + refusal, cause);
    }
    String text = chainText(error).toLowerCase(Locale.ROOT);
    if (has(error, UnknownHostException.class) || has(error, ConnectException.class)
        || has(error, NoRouteToHostException.class) || has(error, SocketTimeoutException.class)
        || text.contains("timed out") || text.contains("connection refused")) {
      return new GitSourceException(Failure.UNREACHABLE,
          "could not " + where + ": unreachable: " + detail, cause);
    }
    if (text.contains("not authorized") || text.contains("authentication is required")
        || text.contains("auth fail") || text.contains("authentication failed")
        || text.contains("no more authentication methods") || text.contains("not permitted")
        || text.contains("403 forbidden") || text.contains("permission denied")
        || text.contains("cannot log in") || text.contains("authentication not supported")) {
      String how = config.credentials() instanceof GitCredentials.None
          ? " (no credentials are configured)" : " (credentials: " + config.credentials() + ")";
      return new GitSourceException(Failure.AUTH_REFUSED,
          "could not " + where + ": authentication refused" + how + ": " + detail, cause);
    }
    if (has(error, NoRemoteRepositoryException.class) || text.contains("not found")
        || text.contains("does not appear to be a git repository")) {
      return new GitSourceException(Failure.REPOSITORY_NOT_FOUND,
          "could not " + where + ": no repository there: " + detail, cause);
    }
    return new GitSourceException(Failure.UNREACHABLE, "could not " + where + ": " + detail, cause);
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String chainText(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  private static String rootMessage(Throwable error) {
    String message = error.getMessage();
    for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()
          && (message == null || !message.contains(t.getMessage()))) {
        message = (message == null ? "" : message + ": ") + t.getMessage();
      }
    }
    return message == null ? error.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
  }

  /** Carries a checked JGit exception out of a lambda. */
  private static final class Wrapped extends RuntimeException {
    Wrapped(Throwable cause) {
      super(cause);
    }
  }

  /** Hands the ssh key's passphrase, read at that moment, to JGit; one attempt. */
  private final class Passphrase implements KeyPasswordProvider {
    private final SecretSource source;
    private int attempts = 1;

    Passphrase(SecretSource source) {
      this.source = source;
    }

    @Override
    public char[] getPassphrase(URIish uri, int attempt) {
      return source == null ? null : Secrets.read(source, environment);
    }

    @Override
    public void setAttempts(int attempts) {
      this.attempts = Math.max(1, attempts);
    }

    @Override
    public int getAttempts() {
      return attempts;
    }

    @Override
    public boolean keyLoaded(URIish uri, int attempt, Exception error) {
      return false; // a wrong passphrase is not retried
    }
  }

  /** Reading, scrubbing and clearing of secrets. */
  static final class Secrets {
    private Secrets() {}

    static char[] read(SecretSource source, Function<String, String> environment) {
      String value;
      if (source instanceof SecretSource.FromFile f) {
        try {
          value = Files.readString(f.path(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          throw new GitSourceException(Failure.CREDENTIALS_UNAVAILABLE,
              "the secret " + source.describe() + " does not exist");
        } catch (IOException e) {
          throw new GitSourceException(Failure.CREDENTIALS_UNAVAILABLE,
              "the secret " + source.describe() + " cannot be read: " + e.getClass().getSimpleName());
        }
      } else {
        String variable = ((SecretSource.FromEnvironment) source).variable();
        value = environment.apply(variable);
        if (value == null) {
          throw new GitSourceException(Failure.CREDENTIALS_UNAVAILABLE,
              "the secret " + source.describe() + " is not set");
        }
      }
      String secret = value.strip();
      if (secret.isEmpty()) {
        throw new GitSourceException(Failure.CREDENTIALS_UNAVAILABLE,
            "the secret " + source.describe() + " is empty");
      }
      return secret.toCharArray();
    }

    static String scrub(String text, char[] secret) {
      if (text == null || secret == null || secret.length == 0) {
        return text;
      }
      return text.replace(new String(secret), "***");
    }

    static boolean mentions(Throwable error, char[] secret) {
      if (secret == null || secret.length == 0) {
        return false;
      }
      String s = new String(secret);
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t.getMessage() != null && t.getMessage().contains(s)) {
          return true;
        }
      }
      return false;
    }
  }
}
