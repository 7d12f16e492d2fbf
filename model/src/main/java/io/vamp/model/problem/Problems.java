package io.vamp.model.problem;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while reading or resolving, so that all of them are reported at once. */
public final class Problems {
  private final List<Problem> problems = new ArrayList<>();

  public void add(Problem problem) {
    problems.add(problem);
  }

  public void add(Position position, String path, String message) {
    problems.add(Problem.at(position, path, message));
  }

  public void addAll(List<Problem> more) {
    problems.addAll(more);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public int size() {
    return problems.size();
  }

  /**
   * The problems in file, line, column order. The same message at the same place, found along two
   * paths (a named artifact checked on its own and where it is used), is reported once, with the
   * longer (more telling) path.
   */
  public List<Problem> sorted() {
    java.util.Map<String, Problem> byPlace = new java.util.LinkedHashMap<>();
    for (Problem problem : problems) {
      String key = problem.file() + ":" + problem.line() + ":" + problem.column() + ":" + problem.message();
      byPlace.merge(key, problem, (a, b) -> b.path().length() > a.path().length() ? b : a);
    }
    return byPlace.values().stream().sorted(Problem.ORDER).toList();
  }
}
