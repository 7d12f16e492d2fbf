package io.vamp.model.condition;

/** Whether a user-agent or host predicate asks for a match or a mismatch. */
public enum Match {
  EQUALS("=="),
  NOT_EQUALS("!=");

  private final String symbol;

  Match(String symbol) {
    this.symbol = symbol;
  }

  /** The canonical DSL operator: {@code ==} or {@code !=}. */
  public String symbol() {
    return symbol;
  }
}
