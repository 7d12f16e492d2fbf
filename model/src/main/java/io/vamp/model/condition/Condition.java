package io.vamp.model.condition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A route condition as a closed tree: boolean combinations of request predicates.
 *
 * <p>Every record checks its names and values against the rules in {@link io.vamp.model.condition}
 * and throws {@link IllegalArgumentException} when they are broken, so a renderer may place any
 * {@code Condition} into HAProxy configuration. {@link #toString()} is {@link #render()}.
 */
public sealed interface Condition {

  /** Calls the visitor method for this variant: an exhaustive switch for Java 17. */
  <R> R accept(Visitor<R> visitor);

  /** The canonical DSL text; {@code ConditionParser.parse(c.render())} yields {@code c}. */
  default String render() {
    return ConditionRenderer.render(this);
  }

  /** One method per variant. */
  interface Visitor<R> {
    R visit(And and);

    R visit(Or or);

    R visit(Not not);

    R visit(UserAgent userAgent);

    R visit(Host host);

    R visit(HasCookie hasCookie);

    R visit(MissesCookie missesCookie);

    R visit(HasHeader hasHeader);

    R visit(MissesHeader missesHeader);

    R visit(CookieContains cookieContains);

    R visit(HeaderContains headerContains);

    R visit(RawAcl rawAcl);
  }

  /** All operands hold; at least two. */
  record And(List<Condition> operands) implements Condition {
    public And {
      operands = atLeastTwo(operands, "and");
    }

    public static And of(Condition first, Condition second, Condition... more) {
      return new And(concat(first, second, more));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /** At least one operand holds; at least two. */
  record Or(List<Condition> operands) implements Condition {
    public Or {
      operands = atLeastTwo(operands, "or");
    }

    public static Or of(Condition first, Condition second, Condition... more) {
      return new Or(concat(first, second, more));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  record Not(Condition operand) implements Condition {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /** The User-Agent header does (not) match a value, e.g. a browser name such as Firefox. */
  record UserAgent(Match match, String value) implements Condition {
    public UserAgent {
      Objects.requireNonNull(match, "match");
      requireValue(value, "user-agent value");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /** The Host header does (not) match a value. */
  record Host(Match match, String value) implements Condition {
    public Host {
      Objects.requireNonNull(match, "match");
      requireValue(value, "host value");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  record HasCookie(String name) implements Condition {
    public HasCookie {
      requireName(name, "cookie name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  record MissesCookie(String name) implements Condition {
    public MissesCookie {
      requireName(name, "cookie name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  record HasHeader(String name) implements Condition {
    public HasHeader {
      requireName(name, "header name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  record MissesHeader(String name) implements Condition {
    public MissesHeader {
      requireName(name, "header name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /** Cookie {@code name} contains {@code value}, or, when negated, does not. */
  record CookieContains(String name, String value, boolean negated) implements Condition {
    public CookieContains {
      requireName(name, "cookie name");
      requireValue(value, "cookie value");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /** Header {@code name} contains {@code value}, or, when negated, does not. */
  record HeaderContains(String name, String value, boolean negated) implements Condition {
    public HeaderContains {
      requireName(name, "header name");
      requireValue(value, "header value");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /**
   * A HAProxy ACL expression written by the user, e.g. {@code hdr_sub(user-agent) Chrome}.
   * Outer spaces are dropped; the rest must pass the raw ACL rule of this package.
   */
  record RawAcl(String acl) implements Condition {
    public RawAcl {
      Objects.requireNonNull(acl, "acl");
      acl = stripSpaces(acl);
      Optional<ConditionChars.Violation> violation = ConditionChars.checkRawAcl(acl);
      if (violation.isPresent()) {
        throw invalid("raw ACL", violation.get());
      }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public String toString() {
      return render();
    }
  }

  private static List<Condition> atLeastTwo(List<Condition> operands, String operator) {
    List<Condition> copy = List.copyOf(Objects.requireNonNull(operands, "operands"));
    if (copy.size() < 2) {
      throw new IllegalArgumentException("'" + operator + "' needs at least two operands, got " + copy.size());
    }
    return copy;
  }

  private static List<Condition> concat(Condition first, Condition second, Condition... more) {
    Condition[] all = new Condition[2 + more.length];
    all[0] = first;
    all[1] = second;
    System.arraycopy(more, 0, all, 2, more.length);
    return List.of(all);
  }

  private static void requireValue(String value, String what) {
    Objects.requireNonNull(value, what);
    Optional<ConditionChars.Violation> violation = ConditionChars.checkValue(value);
    if (violation.isPresent()) {
      throw invalid(what, violation.get());
    }
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    Optional<ConditionChars.Violation> violation = ConditionChars.checkName(name, what);
    if (violation.isPresent()) {
      throw invalid(what, violation.get());
    }
  }

  private static IllegalArgumentException invalid(String what, ConditionChars.Violation violation) {
    return new IllegalArgumentException("invalid " + what + ": " + violation.message()
        + " (index " + violation.index() + ")");
  }

  private static String stripSpaces(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(start, end);
  }
}
