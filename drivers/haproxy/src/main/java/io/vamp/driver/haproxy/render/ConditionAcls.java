package io.vamp.driver.haproxy.render;

import io.vamp.model.condition.Condition;
import io.vamp.model.condition.Match;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a route condition into what a frontend can evaluate: named {@code acl} lines for the request
 * predicates and one condition to put after {@code use_backend ... if}.
 *
 * <p>HAProxy's conditions have AND (juxtaposition), OR ({@code ||}, binding weaker) and {@code !} on
 * a single ACL, but no parentheses. So the tree is brought into negation normal form (De Morgan) and
 * then into disjunctive normal form: a single alternative goes inline ({@code a !b}); several go into
 * one {@code http-request set-var(txn.<prefix>) bool(true) if a !b || c} whose variable the
 * {@code use_backend} line tests, so that the condition-strength draw ({@code rand}) is made once per
 * request however many alternatives there are. A condition whose DNF would exceed
 * {@value #MAX_ALTERNATIVES} alternatives (it grows exponentially with ANDs of ORs) is not expanded:
 * each AND/OR node becomes its own variable instead, set by one rule in post-order, so any condition
 * the model accepts renders in size linear in its tree.
 */
final class ConditionAcls {

  static final int MAX_ALTERNATIVES = 16;

  /**
   * @param acls {@code acl} lines
   * @param rules {@code http-request} lines, to run before {@code use_backend}
   * @param match what follows {@code if} (empty text: always true); empty: the condition can never hold
   */
  record Compiled(List<String> acls, List<String> rules, Optional<String> match) {
  }

  private sealed interface Formula {
  }

  private record Atom(String expression) implements Formula {
  }

  private record Negation(Formula operand) implements Formula {
  }

  private record All(List<Formula> operands) implements Formula {
  }

  private record Any(List<Formula> operands) implements Formula {
  }

  /** Negation normal form over numbered atoms. */
  private sealed interface Nnf {
  }

  private record Literal(int atom, boolean negated) implements Nnf, Comparable<Literal> {
    @Override
    public int compareTo(Literal other) {
      return atom != other.atom ? Integer.compare(atom, other.atom) : Boolean.compare(negated, other.negated);
    }
  }

  private record And(List<Nnf> operands) implements Nnf {
  }

  private record Or(List<Nnf> operands) implements Nnf {
  }

  private ConditionAcls() {}

  /**
   * @param prefix unique in the frontend, of {@code [a-z0-9_]}: names the ACLs ({@code <prefix>_a<n>})
   *     and variables ({@code txn.<prefix>...})
   */
  static Compiled compile(Condition condition, String prefix) {
    Formula formula = condition.accept(new ToFormula());
    Map<String, Integer> atoms = new LinkedHashMap<>();
    Nnf nnf = nnf(formula, false, atoms);
    List<String> acls = new ArrayList<>();
    atoms.forEach((expression, index) -> acls.add("acl " + prefix + "_a" + index + " " + expression));
    Optional<List<List<Literal>>> dnf = dnf(nnf);
    if (dnf.isPresent()) {
      List<List<Literal>> terms = dnf.get();
      if (terms.isEmpty()) {
        return new Compiled(List.of(), List.of(), Optional.empty());
      }
      acls.removeIf(line -> !usedIn(line, prefix, terms));
      if (terms.size() == 1) {
        return new Compiled(acls, List.of(), Optional.of(term(terms.get(0), prefix)));
      }
      List<String> alternatives = terms.stream().map(t -> term(t, prefix)).toList();
      String rule = "http-request set-var(txn." + prefix + ") bool(true) if " + String.join(" || ", alternatives);
      return new Compiled(acls, List.of(rule), Optional.of("{ var(txn." + prefix + ") -m bool }"));
    }
    List<String> rules = new ArrayList<>();
    String match = nodeVariables(nnf, prefix, rules);
    return new Compiled(acls, rules, Optional.of(match));
  }

  /** Builds the formula: each predicate is an atom (an ACL expression) or a small formula over atoms. */
  private static final class ToFormula implements Condition.Visitor<Formula> {
    @Override
    public Formula visit(Condition.And and) {
      return new All(and.operands().stream().map(c -> c.accept(this)).toList());
    }

    @Override
    public Formula visit(Condition.Or or) {
      return new Any(or.operands().stream().map(c -> c.accept(this)).toList());
    }

    @Override
    public Formula visit(Condition.Not not) {
      return new Negation(not.operand().accept(this));
    }

    @Override
    public Formula visit(Condition.UserAgent userAgent) {
      Formula matches = userAgent(Safety.aclValue("user-agent value", userAgent.value()));
      return userAgent.match() == Match.EQUALS ? matches : new Negation(matches);
    }

    @Override
    public Formula visit(Condition.Host host) {
      String value = Safety.aclValue("host value", host.value());
      // a Host header may carry a port: compare the name alone unless the value names a port itself
      String fetch = value.indexOf(':') >= 0 ? "req.hdr(host)" : "req.hdr(host),field(1,:)";
      Formula matches = new Atom(fetch + " -i -- " + quote(value));
      return host.match() == Match.EQUALS ? matches : new Negation(matches);
    }

    @Override
    public Formula visit(Condition.HasCookie hasCookie) {
      return hasCookie(hasCookie.name());
    }

    @Override
    public Formula visit(Condition.MissesCookie missesCookie) {
      return new Negation(hasCookie(missesCookie.name()));
    }

    @Override
    public Formula visit(Condition.HasHeader hasHeader) {
      return hasHeader(hasHeader.name());
    }

    @Override
    public Formula visit(Condition.MissesHeader missesHeader) {
      return new Negation(hasHeader(missesHeader.name()));
    }

    @Override
    public Formula visit(Condition.CookieContains cookie) {
      Formula matches = new Atom("req.cook(" + Safety.token("cookie name", cookie.name()) + ") -m sub -- "
          + quote(Safety.aclValue("cookie value", cookie.value())));
      return cookie.negated() ? new Negation(matches) : matches;
    }

    @Override
    public Formula visit(Condition.HeaderContains header) {
      Formula matches = new Atom("req.fhdr(" + Safety.token("header name", header.name()) + ") -m sub -- "
          + quote(Safety.aclValue("header value", header.value())));
      return header.negated() ? new Negation(matches) : matches;
    }

    @Override
    public Formula visit(Condition.RawAcl rawAcl) {
      return new Atom(Safety.rawAcl(rawAcl.acl()));
    }

    private static Formula hasCookie(String name) {
      return new Atom("req.cook(" + Safety.token("cookie name", name) + ") -m found");
    }

    private static Formula hasHeader(String name) {
      return new Atom("req.hdr_cnt(" + Safety.token("header name", name) + ") gt 0");
    }
  }

  /**
   * Vamp's named browsers, matched by the tokens their User-Agent headers carry; any other value is
   * matched as a substring, as written.
   */
  private static Formula userAgent(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "chrome" -> uaSub("Chrome");
      case "firefox" -> uaSub("Firefox");
      // Chrome's user agent says "Safari" too; only Safari says "Version/"
      case "safari" -> new All(List.of(uaSub("Safari"), uaSub("Version")));
      // EdgeHTML said "Edge/", Chromium-based Edge says "Edg/"
      case "edge" -> new Any(List.of(uaSub("Edge"), uaSub("Edg/")));
      case "ie" -> new Any(List.of(uaSub("MSIE"), uaSub("Trident")));
      default -> uaSub(value);
    };
  }

  private static Formula uaSub(String token) {
    return new Atom("req.fhdr(User-Agent) -m sub -- " + quote(token));
  }

  /** Values are printable ASCII without quotes, backslash or '#': single quotes keep them literal ($ included). */
  static String quote(String value) {
    return "'" + value + "'";
  }

  private static Nnf nnf(Formula formula, boolean negated, Map<String, Integer> atoms) {
    if (formula instanceof Atom atom) {
      int index = atoms.computeIfAbsent(atom.expression(), e -> atoms.size());
      return new Literal(index, negated);
    }
    if (formula instanceof Negation negation) {
      return nnf(negation.operand(), !negated, atoms);
    }
    boolean conjunction = formula instanceof All;
    List<Formula> operands = conjunction ? ((All) formula).operands() : ((Any) formula).operands();
    List<Nnf> children = new ArrayList<>();
    boolean and = conjunction != negated;
    for (Formula operand : operands) {
      Nnf child = nnf(operand, negated, atoms);
      // flatten: an AND inside an AND is one AND
      if (and && child instanceof And inner) {
        children.addAll(inner.operands());
      } else if (!and && child instanceof Or inner) {
        children.addAll(inner.operands());
      } else {
        children.add(child);
      }
    }
    return and ? new And(children) : new Or(children);
  }

  /** The alternatives, simplified; empty when there would be more than {@link #MAX_ALTERNATIVES} on the way. */
  private static Optional<List<List<Literal>>> dnf(Nnf nnf) {
    if (nnf instanceof Literal literal) {
      return Optional.of(List.of(List.of(literal)));
    }
    if (nnf instanceof Or or) {
      List<List<Literal>> terms = new ArrayList<>();
      for (Nnf operand : or.operands()) {
        Optional<List<List<Literal>>> sub = dnf(operand);
        if (sub.isEmpty()) {
          return Optional.empty();
        }
        terms.addAll(sub.get());
        terms = simplify(terms);
        if (terms.size() > MAX_ALTERNATIVES) {
          return Optional.empty();
        }
      }
      return Optional.of(terms);
    }
    List<List<Literal>> terms = List.of(List.of());
    for (Nnf operand : ((And) nnf).operands()) {
      Optional<List<List<Literal>>> sub = dnf(operand);
      if (sub.isEmpty()) {
        return Optional.empty();
      }
      List<List<Literal>> product = new ArrayList<>();
      for (List<Literal> left : terms) {
        for (List<Literal> right : sub.get()) {
          List<Literal> joined = new ArrayList<>(left);
          joined.addAll(right);
          product.add(joined);
        }
        if (product.size() > MAX_ALTERNATIVES * MAX_ALTERNATIVES) {
          return Optional.empty();
        }
      }
      terms = simplify(product);
      if (terms.size() > MAX_ALTERNATIVES) {
        return Optional.empty();
      }
    }
    return Optional.of(terms);
  }

  /**
   * Sorts and de-duplicates each alternative's literals, drops alternatives holding a literal and its
   * negation, duplicates, and any alternative that contains another one (absorption).
   */
  private static List<List<Literal>> simplify(List<List<Literal>> terms) {
    List<Set<Literal>> sets = new ArrayList<>();
    for (List<Literal> term : terms) {
      TreeSet<Literal> set = new TreeSet<>(term);
      boolean contradiction = set.stream().anyMatch(l -> set.contains(new Literal(l.atom(), !l.negated())));
      if (!contradiction && !sets.contains(set)) {
        sets.add(set);
      }
    }
    List<List<Literal>> kept = new ArrayList<>();
    for (Set<Literal> set : sets) {
      boolean absorbed = sets.stream().anyMatch(other -> other != set && other.size() < set.size()
          && set.containsAll(other));
      if (!absorbed) {
        kept.add(List.copyOf(set));
      }
    }
    return kept;
  }

  private static String term(List<Literal> literals, String prefix) {
    List<String> parts = new ArrayList<>();
    for (Literal literal : literals) {
      parts.add(literal(literal, prefix));
    }
    return String.join(" ", parts);
  }

  private static String literal(Literal literal, String prefix) {
    return (literal.negated() ? "!" : "") + prefix + "_a" + literal.atom();
  }

  private static boolean usedIn(String aclLine, String prefix, List<List<Literal>> terms) {
    Set<String> used = new LinkedHashSet<>();
    terms.forEach(t -> t.forEach(l -> used.add(prefix + "_a" + l.atom())));
    String name = aclLine.split(" ", 3)[1];
    return used.contains(name);
  }

  /** One variable per AND/OR node, children first; returns what the root stands for. */
  private static String nodeVariables(Nnf node, String prefix, List<String> rules) {
    if (node instanceof Literal literal) {
      return literal(literal, prefix);
    }
    boolean and = node instanceof And;
    List<Nnf> operands = and ? ((And) node).operands() : ((Or) node).operands();
    List<String> parts = new ArrayList<>();
    for (Nnf operand : operands) {
      parts.add(nodeVariables(operand, prefix, rules));
    }
    String variable = "txn." + prefix + "_n" + rules.size();
    rules.add("http-request set-var(" + variable + ") bool(true) if " + String.join(and ? " " : " || ", parts));
    return "{ var(" + variable + ") -m bool }";
  }
}
