package io.vamp.model.selector;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes a selector in its canonical spelling: lower-case function names (never their aliases),
 * {@code &&}, {@code ||} and {@code !} as in Vamp's documentation, single spaces around the operators,
 * regexes exactly as written, and parentheses exactly where the tree's shape needs them to survive a
 * re-parse.
 */
final class SelectorRenderer implements Selector.Visitor<String> {

  private static final SelectorRenderer INSTANCE = new SelectorRenderer();

  private SelectorRenderer() {
  }

  static String render(Selector selector) {
    return selector.accept(INSTANCE);
  }

  @Override
  public String visit(Selector.And and) {
    // && binds tighter than ||, so only || and a nested && need brackets to keep their shape
    return join(and.operands(), " && ", SelectorRenderer::isGroup);
  }

  @Override
  public String visit(Selector.Or or) {
    return join(or.operands(), " || ", operand -> operand instanceof Selector.Or);
  }

  @Override
  public String visit(Selector.Not not) {
    Selector operand = not.operand();
    return "!" + (isGroup(operand) ? "(" + operand.accept(this) + ")" : operand.accept(this));
  }

  @Override
  public String visit(Selector.Name name) {
    return "name(" + name.regex().source() + ")";
  }

  @Override
  public String visit(Selector.Kind kind) {
    return "kind(" + kind.regex().source() + ")";
  }

  @Override
  public String visit(Selector.Namespace namespace) {
    return "namespace(" + namespace.regex().source() + ")";
  }

  @Override
  public String visit(Selector.Image image) {
    return "image(" + image.regex().source() + ")";
  }

  @Override
  public String visit(Selector.Ip ip) {
    return "ip(" + ip.regex().source() + ")";
  }

  @Override
  public String visit(Selector.Port port) {
    return "port(" + port.regex().source() + ")";
  }

  @Override
  public String visit(Selector.Label label) {
    return "label(" + label.key().source() + ")(" + label.value().source() + ")";
  }

  @Override
  public String visit(Selector.PortIndex portIndex) {
    return "port_index(" + portIndex.index() + ")";
  }

  private static boolean isGroup(Selector selector) {
    return selector instanceof Selector.And || selector instanceof Selector.Or;
  }

  private String join(List<Selector> operands, String operator, Predicate<Selector> needsBrackets) {
    return operands.stream()
        .map(operand -> needsBrackets.test(operand) ? "(" + operand.accept(this) + ")" : operand.accept(this))
        .collect(Collectors.joining(operator));
  }
}
