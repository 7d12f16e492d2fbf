package io.vamp.driver.haproxy.agent;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent needs to know about a configuration, read from its text alone (the agent gets text
 * from the key-value store, hand-written or rendered): the explicit {@code weight N} of every
 * {@code server} line, the text with those weights masked (two configurations with the same
 * {@link #structure()} differ only in weights), the admin stats socket, the server-state file and the
 * unix socket paths HAProxy will bind.
 *
 * <p>HAProxy's tokenizer is not reproduced: a {@code server} line is read as whitespace-separated
 * words, which holds for every line the renderer writes (names, addresses and options have no quotes
 * or spaces). A line this reading could misjudge only makes two configurations look structurally
 * different, which costs a reload, never a wrong runtime command.
 */
final class ConfigText {

  private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend", "listen", "peers",
      "resolvers", "userlist", "mailers", "program", "http-errors", "ring", "cache");
  /** {@code server <name> <address> ... weight <N> ...}: group 1 up to the number, 2 the number. */
  private static final Pattern WEIGHTED_SERVER =
      Pattern.compile("^(\\s*server\\s+\\S+\\s+\\S+(?:\\s+\\S+)*?\\s+weight\\s+)(\\d+)(?=\\s|$)");
  private static final Pattern SERVER = Pattern.compile("^\\s*server\\s+(\\S+)\\s");

  private final String text;
  private final String structure;
  private final Map<String, Integer> weights;
  private final Optional<SocketAddress> adminSocket;
  private final Optional<Path> serverStateFile;
  private final List<Path> unixSockets;

  private ConfigText(String text, String structure, Map<String, Integer> weights, Optional<SocketAddress> adminSocket,
      Optional<Path> serverStateFile, List<Path> unixSockets) {
    this.text = text;
    this.structure = structure;
    this.weights = weights;
    this.adminSocket = adminSocket;
    this.serverStateFile = serverStateFile;
    this.unixSockets = unixSockets;
  }

  static ConfigText parse(String text) {
    StringBuilder structure = new StringBuilder(text.length());
    Map<String, Integer> weights = new TreeMap<>();
    SocketAddress admin = null;
    String stateFile = null;
    String stateBase = null;
    List<Path> unixSockets = new ArrayList<>();
    String section = "";
    String proxy = "";
    for (String line : text.split("\n", -1)) {
      List<String> words = words(line);
      // as for HAProxy, a section keyword opens a section wherever it is indented
      if (!words.isEmpty() && SECTIONS.contains(words.get(0))) {
        section = words.get(0);
        proxy = words.size() > 1 ? words.get(1) : "";
      }
      String masked = line;
      if ((section.equals("backend") || section.equals("listen")) && !words.isEmpty() && words.get(0).equals("server")) {
        String code = line.substring(0, commentStart(line));
        Matcher weighted = WEIGHTED_SERVER.matcher(code);
        Matcher server = SERVER.matcher(code);
        if (weighted.find() && server.find() && !line.contains("\"") && !line.contains("'")) {
          weights.put(proxy + "/" + server.group(1), Integer.parseInt(weighted.group(2)));
          masked = weighted.group(1) + "_" + line.substring(weighted.end());
        }
      }
      structure.append(masked).append('\n');
      if (section.equals("global") && words.size() >= 3 && words.get(0).equals("stats") && words.get(1).equals("socket")
          && admin == null && levelAdmin(words)) {
        admin = socketAddress(words.get(2)).orElse(null);
      }
      if (section.equals("global") && words.size() >= 2 && words.get(0).equals("server-state-file")) {
        stateFile = words.get(1);
      }
      if (section.equals("global") && words.size() >= 2 && words.get(0).equals("server-state-base")) {
        stateBase = words.get(1);
      }
      if (words.size() >= 2 && (words.get(0).equals("bind") || (words.get(0).equals("stats")
          && words.get(1).equals("socket")))) {
        String address = words.get(0).equals("bind") ? words.get(1) : words.size() > 2 ? words.get(2) : "";
        unixPath(address).ifPresent(unixSockets::add);
      }
    }
    Optional<Path> state = Optional.empty();
    if (stateFile != null) {
      Path path = Path.of(stateFile);
      state = Optional.of(path.isAbsolute() || stateBase == null ? path : Path.of(stateBase).resolve(path));
    }
    return new ConfigText(text, structure.toString(), Collections.unmodifiableMap(weights),
        Optional.ofNullable(admin), state, List.copyOf(unixSockets));
  }

  String text() {
    return text;
  }

  /** The text with every explicit server weight replaced by {@code _}. */
  String structure() {
    return structure;
  }

  /** {@code backend/server} to the explicit weight of its {@code server} line, sorted. */
  Map<String, Integer> weights() {
    return weights;
  }

  /** The first {@code stats socket} with {@code level admin}: where runtime commands go. */
  Optional<SocketAddress> adminSocket() {
    return adminSocket;
  }

  Optional<Path> serverStateFile() {
    return serverStateFile;
  }

  /** Every unix socket path HAProxy binds: {@code bind unix@...} or a path, and {@code stats socket} paths. */
  List<Path> unixSockets() {
    return unixSockets;
  }

  private static boolean levelAdmin(List<String> words) {
    for (int i = 3; i + 1 < words.size(); i++) {
      if (words.get(i).equals("level") && words.get(i + 1).equals("admin")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Path> unixPath(String address) {
    if (address.startsWith("unix@")) {
      return Optional.of(Path.of(address.substring("unix@".length())));
    }
    if (address.startsWith("/")) {
      return Optional.of(Path.of(address));
    }
    return Optional.empty();
  }

  private static Optional<SocketAddress> socketAddress(String address) {
    Optional<Path> unix = unixPath(address);
    if (unix.isPresent()) {
      return Optional.of(UnixDomainSocketAddress.of(unix.get()));
    }
    String hostPort = address.startsWith("ipv4@") ? address.substring(5)
        : address.startsWith("ipv6@") ? address.substring(5) : address;
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || hostPort.contains("@")) {
      return Optional.empty();
    }
    try {
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return Optional.of(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Where a {@code #} comment starts (at the line's start or after whitespace), else the line's length. */
  private static int commentStart(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return line.length();
  }

  /** Whitespace-separated words up to a {@code #} comment. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    for (String word : line.trim().split("\\s+")) {
      if (word.startsWith("#")) {
        break;
      }
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }
}
