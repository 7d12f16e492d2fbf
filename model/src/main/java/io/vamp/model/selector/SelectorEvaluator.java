package io.vamp.model.selector;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Evaluates a selector against one candidate and, when it has ports, one of its ports. Pure; every
 * regex match is charged to one {@link Budget} per call, and a spent budget ends the whole evaluation
 * as "no match" (never inside a {@code !}, where it would turn into a match).
 */
final class SelectorEvaluator implements Selector.Visitor<Optional<List<String>>> {

  private static final int NO_PORT = -1;

  private final Candidate candidate;
  private final Budget budget;
  /** Results of the tests that do not look at the port, so trying many ports costs them once. */
  private final Map<Selector, Optional<List<String>>> portless = new IdentityHashMap<>();
  private int portIndex = NO_PORT;

  private SelectorEvaluator(Candidate candidate, Budget budget) {
    this.candidate = candidate;
    this.budget = budget;
  }

  static Optional<List<String>> match(Selector selector, Candidate candidate) {
    SelectorEvaluator evaluator = new SelectorEvaluator(candidate, Budget.standard());
    try {
      if (candidate.ports().isEmpty()) {
        return selector.accept(evaluator);
      }
      for (int i = 0; i < candidate.ports().size(); i++) {
        evaluator.portIndex = i;
        Optional<List<String>> captures = selector.accept(evaluator);
        if (captures.isPresent()) {
          return captures;
        }
      }
      return Optional.empty();
    } catch (Budget.Exhausted | StackOverflowError tooExpensive) {
      return Optional.empty();
    }
  }

  static List<Selection> select(Selector selector, Candidate candidate) {
    SelectorEvaluator evaluator = new SelectorEvaluator(candidate, Budget.standard());
    List<Selection> selections = new ArrayList<>();
    try {
      for (int i = 0; i < candidate.ports().size(); i++) {
        evaluator.portIndex = i;
        int index = i;
        selector.accept(evaluator).ifPresent(captures ->
            selections.add(new Selection(candidate, index, candidate.ports().get(index), captures)));
      }
    } catch (Budget.Exhausted | StackOverflowError tooExpensive) {
      return List.of();
    }
    return List.copyOf(selections);
  }

  static int captureGroups(Selector selector) {
    return selector.accept(new Selector.Visitor<Integer>() {
      @Override
      public Integer visit(Selector.And and) {
        return and.operands().stream().mapToInt(o -> o.accept(this)).sum();
      }

      @Override
      public Integer visit(Selector.Or or) {
        return or.operands().stream().mapToInt(o -> o.accept(this)).sum();
      }

      @Override
      public Integer visit(Selector.Not not) {
        return not.operand().accept(this);
      }

      @Override
      public Integer visit(Selector.Name name) {
        return name.regex().captureGroups();
      }

      @Override
      public Integer visit(Selector.Kind kind) {
        return kind.regex().captureGroups();
      }

      @Override
      public Integer visit(Selector.Namespace namespace) {
        return namespace.regex().captureGroups();
      }

      @Override
      public Integer visit(Selector.Image image) {
        return image.regex().captureGroups();
      }

      @Override
      public Integer visit(Selector.Ip ip) {
        return ip.regex().captureGroups();
      }

      @Override
      public Integer visit(Selector.Port port) {
        return port.regex().captureGroups();
      }

      @Override
      public Integer visit(Selector.Label label) {
        return label.key().captureGroups() + label.value().captureGroups();
      }

      @Override
      public Integer visit(Selector.PortIndex portIndex) {
        return 0;
      }
    });
  }

  @Override
  public Optional<List<String>> visit(Selector.And and) {
    List<String> captures = new ArrayList<>();
    for (Selector operand : and.operands()) {
      Optional<List<String>> result = operand.accept(this);
      if (result.isEmpty()) {
        return Optional.empty();
      }
      captures.addAll(result.get());
    }
    return Optional.of(List.copyOf(captures));
  }

  @Override
  public Optional<List<String>> visit(Selector.Or or) {
    // every operand is tried: the captures of all that hold make the route, as in Vamp
    List<String> captures = new ArrayList<>();
    boolean holds = false;
    for (Selector operand : or.operands()) {
      Optional<List<String>> result = operand.accept(this);
      if (result.isPresent()) {
        holds = true;
        captures.addAll(result.get());
      }
    }
    return holds ? Optional.of(List.copyOf(captures)) : Optional.empty();
  }

  @Override
  public Optional<List<String>> visit(Selector.Not not) {
    return not.operand().accept(this).isPresent() ? Optional.empty() : Optional.of(List.of());
  }

  @Override
  public Optional<List<String>> visit(Selector.Name name) {
    return once(name, () -> name.regex().match(candidate.name(), budget));
  }

  @Override
  public Optional<List<String>> visit(Selector.Kind kind) {
    return once(kind, () -> kind.regex().match(candidate.kind(), budget));
  }

  @Override
  public Optional<List<String>> visit(Selector.Namespace namespace) {
    return once(namespace, () -> namespace.regex().match(candidate.namespace(), budget));
  }

  @Override
  public Optional<List<String>> visit(Selector.Image image) {
    return once(image, () -> image.regex().match(candidate.image(), budget));
  }

  @Override
  public Optional<List<String>> visit(Selector.Ip ip) {
    return once(ip, () -> ip.regex().match(candidate.ip(), budget));
  }

  @Override
  public Optional<List<String>> visit(Selector.Port port) {
    if (portIndex == NO_PORT) {
      return Optional.empty();
    }
    return port.regex().match(Integer.toString(candidate.ports().get(portIndex)), budget);
  }

  @Override
  public Optional<List<String>> visit(Selector.Label label) {
    return once(label, () -> firstLabel(label));
  }

  private Optional<List<String>> firstLabel(Selector.Label label) {
    for (Map.Entry<String, String> entry : candidate.labels().entrySet()) {
      Optional<List<String>> key = label.key().match(entry.getKey(), budget);
      if (key.isEmpty()) {
        continue;
      }
      Optional<List<String>> value = label.value().match(entry.getValue(), budget);
      if (value.isPresent()) {
        List<String> captures = new ArrayList<>(key.get());
        captures.addAll(value.get());
        return Optional.of(List.copyOf(captures));
      }
    }
    return Optional.empty();
  }

  private Optional<List<String>> once(Selector test, Supplier<Optional<List<String>>> evaluate) {
    Optional<List<String>> known = portless.get(test);
    if (known == null) {
      known = evaluate.get();
      portless.put(test, known);
    }
    return known;
  }

  @Override
  public Optional<List<String>> visit(Selector.PortIndex portIndex) {
    return this.portIndex == portIndex.index() ? Optional.of(List.of()) : Optional.empty();
  }
}
