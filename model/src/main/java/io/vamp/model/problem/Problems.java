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

  /** The problems in file, line, column order, without exact duplicates. */
  public List<Problem> sorted() {
    return problems.stream().distinct().sorted(Problem.ORDER).toList();
  }
}
