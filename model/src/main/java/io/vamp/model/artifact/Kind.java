package io.vamp.model.artifact;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of artifact a repository may hold, with their folder names. */
public enum Kind {
  BREED("breed", "breeds"),
  BLUEPRINT("blueprint", "blueprints"),
  DEPLOYMENT("deployment", "deployments"),
  GATEWAY("gateway", "gateways"),
  SCALE("scale", "scales"),
  CONDITION("condition", "conditions"),
  SLA("sla", "slas"),
  ESCALATION("escalation", "escalations");

  private final String singular;
  private final String plural;

  Kind(String singular, String plural) {
    this.singular = singular;
    this.plural = plural;
  }

  public String dsl() {
    return singular;
  }

  public String folder() {
    return plural;
  }

  /** A {@code kind:} value: singular or plural, any case. */
  public static Optional<Kind> parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(k -> k.singular.equals(wanted) || k.plural.equals(wanted))
        .findFirst();
  }

  /** The kind implied by a top-level folder ({@code breeds/...}). */
  public static Optional<Kind> ofFolder(String folder) {
    return Arrays.stream(values()).filter(k -> k.plural.equals(folder)).findFirst();
  }

  public static String known() {
    return Arrays.stream(values()).map(Kind::dsl).collect(Collectors.joining(", "));
  }
}
