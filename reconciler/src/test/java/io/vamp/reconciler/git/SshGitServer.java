package io.vamp.reconciler.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real ssh server on 127.0.0.1 (Apache MINA sshd, which JGit's ssh transport already brings)
 * that accepts one client public key and serves {@code git-upload-pack} for one repository.
 */
final class SshGitServer implements AutoCloseable {

  private final SshServer server;
  final KeyPair hostKey;
  final AtomicInteger uploads = new AtomicInteger();

  SshGitServer(Repository repository, PublicKey authorizedKey) throws Exception {
    this.hostKey = newKeyPair();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key,
        authorizedKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory(uploadPack(repository));
    server.start();
  }

  static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  int port() {
    return server.getPort();
  }

  String url() {
    return "ssh://git@127.0.0.1:" + port() + "/repo.git";
  }

  /** A known_hosts line for this server, as ssh-keyscan would print it. */
  String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
  }

  private CommandFactory uploadPack(Repository repository) {
    return (channel, command) -> {
      if (!List.of("git-upload-pack '/repo.git'", "git-upload-pack '/repo.git/'",
          "git-upload-pack 'repo.git'").contains(command)) {
        throw new IOException("unsupported command: " + command);
      }
      return new UploadCommand(repository);
    };
  }

  private final class UploadCommand implements Command {
    private final Repository repository;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadCommand(Repository repository) {
      this.repository = repository;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread = new Thread(() -> {
        int status = 0;
        try (UploadPack pack = new UploadPack(repository)) {
          uploads.incrementAndGet();
          pack.upload(in, out, err);
          out.flush();
        } catch (IOException | RuntimeException e) {
          status = 1;
        }
        exit.onExit(status);
      }, "test-sshd-upload-pack");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
