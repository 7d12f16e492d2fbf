package io.vamp.reconciler.git;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an ssh server's host key against one OpenSSH known_hosts file (plain or hashed host
 * names, {@code [host]:port} patterns, {@code @revoked} markers). Strict: a host not in the file is
 * refused. Lenient: such a host is accepted with a warning. A listed host with a different key, or
 * a revoked key, is always refused. The file is only read, never written. The reason for the last
 * refusal is kept so the error the user sees can say exactly what to fix.
 */
final class KnownHostsVerifier implements ServerKeyDatabase {

  private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

  private final Path file;
  private final boolean strict;
  private final AtomicReference<String> lastRefusal = new AtomicReference<>();

  KnownHostsVerifier(Path file, boolean strict) {
    this.file = file;
    this.strict = strict;
  }

  /** Why the last host key was refused, then forgotten; null if none was. */
  String takeLastRefusal() {
    return lastRefusal.getAndSet(null);
  }

  @Override
  public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress,
      Configuration config) {
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry entry : matching(connectAddress, remoteAddress)) {
      if (entry.getMarker() == null) {
        PublicKey key = key(entry);
        if (key != null) {
          keys.add(key);
        }
      }
    }
    return keys;
  }

  @Override
  public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
      Configuration config, CredentialsProvider provider) {
    String fingerprint = KeyUtils.getFingerPrint(serverKey);
    if (!Files.isRegularFile(file)) {
      return unknown(connectAddress, fingerprint, "the known_hosts file " + file
          + " does not exist");
    }
    List<KnownHostEntry> entries = matching(connectAddress, remoteAddress);
    boolean listed = false;
    for (KnownHostEntry entry : entries) {
      PublicKey key = key(entry);
      if (key == null || !KeyUtils.compareKeys(key, serverKey)) {
        listed |= entry.getMarker() == null;
        continue;
      }
      if ("revoked".equals(entry.getMarker())) {
        return refuse("the host key of " + connectAddress + " (" + fingerprint
            + ") is marked @revoked in " + file);
      }
      if (entry.getMarker() == null) {
        return true;
      }
    }
    if (listed) {
      return refuse("the host key of " + connectAddress + " (" + fingerprint + ") does not match "
          + "the key(s) listed for it in " + file + "; the server's key changed or someone is "
          + "intercepting the connection");
    }
    return unknown(connectAddress, fingerprint, connectAddress + " is not listed in " + file);
  }

  private boolean unknown(String connectAddress, String fingerprint, String why) {
    if (!strict) {
      LOG.warn("event=ssh-host-key-accepted-unverified host={} fingerprint={} reason=\"{}\"",
          connectAddress, fingerprint, why);
      return true;
    }
    return refuse("strict host key checking refused " + connectAddress + " (" + fingerprint
        + "): " + why + "; add the host's key to that file (e.g. ssh-keyscan) or configure "
        + "another known_hosts file");
  }

  private boolean refuse(String reason) {
    lastRefusal.set(reason);
    return false;
  }

  private List<KnownHostEntry> matching(String connectAddress, InetSocketAddress remoteAddress) {
    String host = connectAddress;
    int port = remoteAddress == null ? 22 : remoteAddress.getPort();
    if (connectAddress.startsWith("[")) {
      int close = connectAddress.indexOf(']');
      host = connectAddress.substring(1, close);
      if (connectAddress.length() > close + 2 && connectAddress.charAt(close + 1) == ':') {
        port = Integer.parseInt(connectAddress.substring(close + 2));
      }
    }
    List<KnownHostEntry> result = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return result;
    }
    try {
      for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
        if (entry.isHostMatch(host, port)) {
          result.add(entry);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=known-hosts-unreadable file={} error=\"{}\"", file, e.getMessage());
    }
    return result;
  }

  private static PublicKey key(KnownHostEntry entry) {
    try {
      return entry.getKeyEntry() == null ? null
          : entry.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
