package io.vamp.model.selector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A gateway selector as a closed tree: boolean combinations of regex tests on what the scheduler
 * reports about a workload ({@link Candidate}). A standalone gateway with a selector gets its routes at
 * run time: one route per distinct list of captured texts, named by them (see {@link Selection}).
 *
 * <p>Records validate what they hold (a {@link Not} holds no capture group, {@link And} and {@link Or}
 * at least two operands, port indexes are 0-65535), so any {@code Selector} renders to text that
 * {@link SelectorParser} reads back as the same tree. {@link #toString()} is {@link #render()}.
 */
public sealed interface Selector {

  /** Calls the visitor method for this variant: an exhaustive switch for Java 17. */
  <R> R accept(Visitor<R> visitor);

  /** The canonical text; {@code SelectorParser.parse(s.render())} yields {@code s}. */
  default String render() {
    return SelectorRenderer.render(this);
  }

  /** How many capture groups its regexes have together. */
  default int captureGroups() {
    return SelectorEvaluator.captureGroups(this);
  }

  /**
   * Whether the selector holds for the candidate, and what it captured: the texts of its regexes'
   * capture groups, left to right, from the parts that held. With ports, the selector is tried port by
   * port ({@code port()} and {@code port_index()} test the port being tried) and the first port it
   * holds for answers; without ports, {@code port()} and {@code port_index()} never hold.
   *
   * <p>Bounded: inputs over {@value Regex#MAX_INPUT_LENGTH} characters never match, and an evaluation
   * that would read more than a fixed budget of characters counts as no match.
   */
  default Optional<List<String>> match(Candidate candidate) {
    return SelectorEvaluator.match(this, candidate);
  }

  /** One selection per port of the candidate the selector holds for, in port order. */
  default List<Selection> select(Candidate candidate) {
    return SelectorEvaluator.select(this, candidate);
  }

  /**
   * The routes the candidates make: route name (see {@link Selection#routeName()}) to its selections,
   * both sorted (selections by candidate name, ip and port), so the same workloads give the same routes.
   */
  default SortedMap<String, List<Selection>> routes(Collection<Candidate> candidates) {
    SortedMap<String, List<Selection>> routes = new TreeMap<>();
    for (Candidate candidate : candidates) {
      for (Selection selection : select(candidate)) {
        routes.computeIfAbsent(selection.routeName(), name -> new ArrayList<>()).add(selection);
      }
    }
    Comparator<Selection> order = Comparator.<Selection, String>comparing(s -> s.candidate().name())
        .thenComparing(s -> s.candidate().ip())
        .thenComparingInt(Selection::port)
        .thenComparingInt(Selection::portIndex);
    SortedMap<String, List<Selection>> sorted = new TreeMap<>();
    routes.forEach((name, selections) -> sorted.put(name, selections.stream().sorted(order).toList()));
    return sorted;
  }

  /** One method per variant. */
  interface Visitor<R> {
    R visit(And and);

    R visit(Or or);

    R visit(Not not);

    R visit(Name name);

    R visit(Kind kind);

    R visit(Namespace namespace);

    R visit(Image image);

    R visit(Ip ip);

    R visit(Port port);

    R visit(Label label);

    R visit(PortIndex portIndex);
  }

  /** All operands hold; at least two. Captures: each operand's, in order. */
  record And(List<Selector> operands) implements Selector {
    public And {
      operands = atLeastTwo(operands, "&&");
    }

    public static And of(Selector first, Selector second, Selector... more) {
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

  /** At least one operand holds; at least two. Captures: those of every operand that holds, in order. */
  record Or(List<Selector> operands) implements Selector {
    public Or {
      operands = atLeastTwo(operands, "||");
    }

    public static Or of(Selector first, Selector second, Selector... more) {
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

  /** The operand does not hold. Captures nothing, so its operand may have no capture group. */
  record Not(Selector operand) implements Selector {
    public Not {
      Objects.requireNonNull(operand, "operand");
      if (operand.captureGroups() > 0) {
        throw new IllegalArgumentException("a capture group inside '!' (not) never captures: write (?:...)"
            + " for a group that does not capture");
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

  /** {@code name(regex)}: the workload's name (a Kubernetes Deployment, a Marathon app, a local process) matches the regex. */
  record Name(Regex regex) implements Selector {
    public Name {
      Objects.requireNonNull(regex, "regex");
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

  /** {@code kind(regex)}: the workload's kind as the scheduler names it (deployment, app, process, ...) matches the regex. */
  record Kind(Regex regex) implements Selector {
    public Kind {
      Objects.requireNonNull(regex, "regex");
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

  /** {@code namespace(regex)}: the namespace or group the workload lives in matches the regex. */
  record Namespace(Regex regex) implements Selector {
    public Namespace {
      Objects.requireNonNull(regex, "regex");
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

  /** {@code image(regex)}: the container image (a workload without one never matches) matches the regex. */
  record Image(Regex regex) implements Selector {
    public Image {
      Objects.requireNonNull(regex, "regex");
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

  /** {@code ip(regex)}: the address the workload's instance is reached at matches the regex. */
  record Ip(Regex regex) implements Selector {
    public Ip {
      Objects.requireNonNull(regex, "regex");
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

  /** {@code port(regex)}: the port being routed to, as decimal digits matches the regex. */
  record Port(Regex regex) implements Selector {
    public Port {
      Objects.requireNonNull(regex, "regex");
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
   * {@code label(key-regex)(value-regex)}: some label matches both; labels are tried in key order and
   * the first that matches answers. Captures: the key's groups, then the value's.
   */
  record Label(Regex key, Regex value) implements Selector {
    public Label {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
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

  /** {@code port_index(n)}: the port being routed to is the candidate's {@code n}th (from 0). */
  record PortIndex(int index) implements Selector {
    public static final int MAX = 65535;

    public PortIndex {
      if (index < 0 || index > MAX) {
        throw new IllegalArgumentException("a port index is between 0 and " + MAX + ", not " + index);
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

  private static List<Selector> atLeastTwo(List<Selector> operands, String operator) {
    List<Selector> copy = List.copyOf(Objects.requireNonNull(operands, "operands"));
    if (copy.size() < 2) {
      throw new IllegalArgumentException("'" + operator + "' needs at least two operands, got " + copy.size());
    }
    return copy;
  }

  private static List<Selector> concat(Selector first, Selector second, Selector... more) {
    Selector[] all = new Selector[2 + more.length];
    all[0] = first;
    all[1] = second;
    System.arraycopy(more, 0, all, 2, more.length);
    return List.of(all);
  }
}
