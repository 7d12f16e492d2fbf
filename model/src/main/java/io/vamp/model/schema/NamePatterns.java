package io.vamp.model.schema;

/**
 * The name rules of {@link io.vamp.model.read.Names} as JSON Schema patterns (anchored, valid both as
 * Java and as ECMAScript regular expressions, as editors use the latter).
 *
 * <p>{@code Names} keeps its patterns private; this is the one place their text is repeated, and
 * {@code NamePatternsTest} checks on sample names that each pattern accepts exactly what {@code Names}
 * accepts, so the two cannot drift apart unnoticed.
 */
final class NamePatterns {
  private NamePatterns() {}

  /**
   * The end of the text. Not {@code $}: in Java's dialect (which networknt and other Java validators
   * use) {@code $} also matches before a final line break, so {@code "sava\n"} would pass as a name.
   */
  static final String END = "(?![\\s\\S])";

  /** Artifact names ({@code Names.artifact}): letters, digits and {@code . _ : -}, no {@code ..}, at most 128. */
  static final String ARTIFACT_BODY = "(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";
  static final String ARTIFACT = "^" + ARTIFACT_BODY + END;

  /** Cluster names and dependency aliases ({@code Names.cluster}). */
  static final String CLUSTER_BODY = "[A-Za-z0-9][A-Za-z0-9_-]{0,62}";
  static final String CLUSTER = "^" + CLUSTER_BODY + END;

  /** Port, constant and argument names ({@code Names.trait}). */
  static final String TRAIT = "^[A-Za-z_][A-Za-z0-9_-]{0,62}" + END;

  /** Environment variable names ({@code Names.environmentVariable}). */
  static final String ENV_BODY = "[A-Za-z_][A-Za-z0-9_]{0,254}";
  static final String ENV = "^" + ENV_BODY + END;

  /** Metadata keys ({@code Names.metadataKey}). */
  static final String METADATA_KEY = "^[A-Za-z0-9][A-Za-z0-9._/-]{0,252}" + END;

  /**
   * Host names ({@code Names.host}): dot-separated DNS labels (which covers IPv4 addresses). Looser
   * than {@code Names.host} in two ways a regular expression cannot cheaply follow: the 253-character
   * limit and the octet range of IPv4-looking names are not checked.
   */
  static final String HOST_BODY = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";
  static final String HOST = "^" + HOST_BODY + END;

  /** Virtual hosts ({@code Names.virtualHost}): a host name with an optional {@code *.} in front. */
  static final String VIRTUAL_HOST = "^(?:\\*\\.)?" + HOST_BODY + END;
}
