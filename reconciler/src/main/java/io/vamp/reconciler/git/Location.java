package io.vamp.reconciler.git;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/** Where the repository is: a local path read in place, or a remote reached through a URL. */
sealed interface Location {

  Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);
  /** {@code [user@]host:path}, as git reads it: no '/' before the first ':', host of 2+ chars. */
  Pattern SCP_LIKE = Pattern.compile("^(?:[^@/\\s]+@)?(?:\\[[^\\]/]+\\]|[^@/:\\s]{2,}):.*",
      Pattern.DOTALL);
  Pattern USERINFO_PASSWORD = Pattern.compile("(://[^/@:]*):[^/@]*@");
  Pattern QUERY = Pattern.compile("\\?.*$", Pattern.DOTALL);

  /** A local repository, working or bare, read where it is. */
  record Local(Path path) implements Location {}

  /** A remote repository; {@code scheme} is file, http, https, ssh or git. */
  record Remote(String url, String scheme, String host) implements Location {
    boolean isHttp() {
      return scheme.equals("http") || scheme.equals("https");
    }

    boolean isSsh() {
      return scheme.equals("ssh");
    }
  }

  /**
   * Reads a configured URL or path. Throws {@link IllegalArgumentException} (with a masked URL)
   * for what cannot work, including a password written into the URL.
   */
  static Location parse(String url) {
    String trimmed = url.strip();
    boolean schemed = SCHEME.matcher(trimmed).matches();
    if (!schemed && !SCP_LIKE.matcher(trimmed).matches()) {
      return new Local(Path.of(trimmed));
    }
    URIish uri;
    try {
      uri = new URIish(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a Git URL: " + redact(trimmed));
    }
    if (uri.getPass() != null) {
      throw new IllegalArgumentException("the URL " + redact(trimmed)
          + " carries a password; supply it as credentials from a file or an environment variable");
    }
    String scheme = uri.getScheme() == null ? "ssh" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file", "http", "https", "ssh", "git" -> new Remote(trimmed, scheme, uri.getHost());
      case "git+ssh", "ssh+git" -> new Remote(trimmed, "ssh", uri.getHost());
      default -> throw new IllegalArgumentException(
          "unsupported URL scheme '" + scheme + "' in " + redact(trimmed)
              + " (use file://, https://, ssh://, user@host:path or a local path)");
    };
  }

  /** The URL as it may be shown: any password and any query string masked. */
  static String redact(String url) {
    String masked = USERINFO_PASSWORD.matcher(url).replaceAll("$1:***@");
    return QUERY.matcher(masked).replaceAll("?***");
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }
}
