package io.vamp.model.condition;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes a condition in its canonical DSL spelling: lower-case keywords, {@code ==}/{@code !=},
 * {@code and}/{@code or}/{@code not}, values bare when they lex as one word and in single quotes
 * otherwise, and parentheses exactly where the tree's shape needs them to survive a re-parse.
 */
final class ConditionRenderer implements Condition.Visitor<String> {

  private static final ConditionRenderer INSTANCE = new ConditionRenderer();

  private ConditionRenderer() {
  }

  static String render(Condition condition) {
    return condition.accept(INSTANCE);
  }

  @Override
  public String visit(Condition.And and) {
    // and binds tighter than or, so only or and nested and need brackets to keep their shape
    return join(and.operands(), " and ", ConditionRenderer::isGroup);
  }

  @Override
  public String visit(Condition.Or or) {
    return join(or.operands(), " or ", operand -> operand instanceof Condition.Or);
  }

  @Override
  public String visit(Condition.Not not) {
    Condition operand = not.operand();
    return "not " + (isGroup(operand) ? "(" + operand.accept(this) + ")" : operand.accept(this));
  }

  @Override
  public String visit(Condition.UserAgent userAgent) {
    return "user-agent " + userAgent.match().symbol() + " " + ConditionChars.quoteIfNeeded(userAgent.value());
  }

  @Override
  public String visit(Condition.Host host) {
    return "host " + host.match().symbol() + " " + ConditionChars.quoteIfNeeded(host.value());
  }

  @Override
  public String visit(Condition.HasCookie hasCookie) {
    return "has cookie " + ConditionChars.quoteIfNeeded(hasCookie.name());
  }

  @Override
  public String visit(Condition.MissesCookie missesCookie) {
    return "misses cookie " + ConditionChars.quoteIfNeeded(missesCookie.name());
  }

  @Override
  public String visit(Condition.HasHeader hasHeader) {
    return "has header " + ConditionChars.quoteIfNeeded(hasHeader.name());
  }

  @Override
  public String visit(Condition.MissesHeader missesHeader) {
    return "misses header " + ConditionChars.quoteIfNeeded(missesHeader.name());
  }

  @Override
  public String visit(Condition.CookieContains cookieContains) {
    return "cookie " + ConditionChars.quoteIfNeeded(cookieContains.name())
        + (cookieContains.negated() ? " misses " : " has ")
        + ConditionChars.quoteIfNeeded(cookieContains.value());
  }

  @Override
  public String visit(Condition.HeaderContains headerContains) {
    return "header " + ConditionChars.quoteIfNeeded(headerContains.name())
        + (headerContains.negated() ? " misses " : " has ")
        + ConditionChars.quoteIfNeeded(headerContains.value());
  }

  @Override
  public String visit(Condition.RawAcl rawAcl) {
    return "< " + rawAcl.acl() + " >";
  }

  private static boolean isGroup(Condition condition) {
    return condition instanceof Condition.And || condition instanceof Condition.Or;
  }

  private String join(List<Condition> operands, String operator, Predicate<Condition> needsBrackets) {
    return operands.stream()
        .map(operand -> needsBrackets.test(operand) ? "(" + operand.accept(this) + ")" : operand.accept(this))
        .collect(Collectors.joining(operator));
  }
}
