package io.vamp.driver.haproxy.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A rendered configuration, kept as sections so that the text and the runtime-changeable part (the
 * server weights of weighted backends) come from one place. {@link #text()} is what HAProxy reads.
 */
public record HaproxyConfig(List<Section> sections) {

  static final String HEADER = "# Rendered by Vamp (io.vamp.driver.haproxy). The gateway agent replaces this"
      + " file: do not edit it.\n";
  private static final String INDENT = "    ";

  /** {@code global}, {@code defaults}, {@code frontend <name>} or {@code backend <name>}, with lines and servers. */
  public record Section(String heading, List<String> lines, List<Server> servers) {
    public Section {
      Objects.requireNonNull(heading, "heading");
      lines = List.copyOf(lines);
      servers = List.copyOf(servers);
    }

    /** The proxy name of a frontend or backend section. */
    public String name() {
      int space = heading.indexOf(' ');
      return space < 0 ? heading : heading.substring(space + 1);
    }

    public boolean isBackend() {
      return heading.startsWith("backend ");
    }
  }

  /**
   * One {@code server} line.
   *
   * @param weight written as {@code weight N} when present: only servers whose weight the runtime API may change
   * @param options everything after the weight, e.g. {@code check inter 5s fall 3 rise 2}
   */
  public record Server(String name, String address, OptionalInt weight, String options) {
    public Server {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(weight, "weight");
      Objects.requireNonNull(options, "options");
    }
  }

  public HaproxyConfig {
    sections = List.copyOf(sections);
  }

  /** The configuration file's text. */
  public String text() {
    return text(true);
  }

  /**
   * The text with every runtime-changeable weight replaced by {@code _}: equal for configurations that
   * differ only there.
   */
  public String structure() {
    return text(false);
  }

  /** {@code backend/server} to weight, for every server with a runtime-changeable weight, sorted. */
  public Map<String, Integer> weights() {
    Map<String, Integer> weights = new TreeMap<>();
    for (Section section : sections) {
      for (Server server : section.servers()) {
        server.weight().ifPresent(w -> weights.put(section.name() + "/" + server.name(), w));
      }
    }
    return Collections.unmodifiableMap(weights);
  }

  private String text(boolean withWeights) {
    int estimate = HEADER.length();
    for (Section section : sections) {
      estimate += section.heading().length() + 2 + 96 * section.servers().size();
      for (String line : section.lines()) {
        estimate += line.length() + INDENT.length() + 1;
      }
    }
    StringBuilder out = new StringBuilder(estimate + estimate / 8).append(HEADER);
    for (Section section : sections) {
      out.append('\n').append(section.heading()).append('\n');
      for (String line : section.lines()) {
        out.append(INDENT).append(line).append('\n');
      }
      for (Server server : section.servers()) {
        out.append(INDENT).append("server ").append(server.name()).append(' ').append(server.address());
        if (server.weight().isPresent()) {
          out.append(" weight ").append(withWeights ? String.valueOf(server.weight().getAsInt()) : "_");
        }
        if (!server.options().isEmpty()) {
          out.append(' ').append(server.options());
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Collects sections in order. */
  static final class Builder {
    private final List<Section> sections = new ArrayList<>();

    Builder add(Section section) {
      sections.add(section);
      return this;
    }

    HaproxyConfig build() {
      return new HaproxyConfig(sections);
    }
  }
}
