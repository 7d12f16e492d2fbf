package io.vamp.model.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regex of a selector, compiled once. It matches a whole input ({@link Matcher#matches()}), never a
 * part of it: {@code name(sava)} selects {@code sava}, not {@code sava-db}. Its capture groups are what
 * a selector captures. Equal when the source text is.
 *
 * <p>Construction enforces the rules of {@link io.vamp.model.selector}: at most
 * {@value RegexRules#MAX_LENGTH} characters, no control characters, valid, no nested repetition.
 */
public final class Regex {

  /** Inputs longer than this never match: a bound on the work one match may do, with the step budget. */
  public static final int MAX_INPUT_LENGTH = 256;

  private final String source;
  private final Pattern pattern;
  private final int groups;
  private final int firstCaptureGroup;

  private Regex(String source) {
    this.source = source;
    this.pattern = Pattern.compile(source);
    this.groups = pattern.matcher("").groupCount();
    this.firstCaptureGroup = RegexRules.shape(source).firstCaptureGroup();
  }

  /** The regex, or an {@link IllegalArgumentException} naming the broken rule and where. */
  public static Regex of(String source) {
    Objects.requireNonNull(source, "source");
    Optional<RegexRules.Violation> violation = RegexRules.check(source);
    if (violation.isPresent()) {
      throw new IllegalArgumentException("invalid selector regex: " + violation.get().message()
          + " (index " + violation.get().index() + ")");
    }
    return new Regex(source);
  }

  /** The regex as written. */
  public String source() {
    return source;
  }

  /** How many capture groups it has (named ones included). */
  public int captureGroups() {
    return groups;
  }

  /** Where its first capture group opens in {@link #source()}, or -1 when it has none. */
  int firstCaptureGroup() {
    return firstCaptureGroup;
  }

  /**
   * The captured texts when the whole input matches (a group that took no part is left out), or
   * empty when it does not match, is empty, is longer than {@value #MAX_INPUT_LENGTH} characters, or
   * the match ran out of {@code budget}.
   */
  Optional<List<String>> match(String input, Budget budget) {
    if (input.isEmpty() || input.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    Matcher matcher = pattern.matcher(new Budget.Metered(input, budget));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    if (groups == 0) {
      return Optional.of(List.of());
    }
    List<String> captures = new ArrayList<>(groups);
    for (int g = 1; g <= groups; g++) {
      int start = matcher.start(g);
      if (start >= 0) {
        captures.add(input.substring(start, matcher.end(g)));
      }
    }
    return Optional.of(List.copyOf(captures));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Regex regex && regex.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
