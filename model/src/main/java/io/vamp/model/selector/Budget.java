package io.vamp.model.selector;

/**
 * The work one evaluation of a selector may do, counted in characters the regex matcher reads. A
 * match that would need more stops and counts as no match, so no input can keep the daemon busy even
 * where the static rules of {@link RegexRules} let an expensive regex through (alternations such as
 * {@code (a|a)*}, backreferences).
 */
final class Budget {

  /** Characters one call of {@link Selector#match} or {@link Selector#select} may read. */
  static final long STEPS = 2_000_000;

  private long left;

  Budget(long steps) {
    this.left = steps;
  }

  static Budget standard() {
    return new Budget(STEPS);
  }

  boolean exhausted() {
    return left <= 0;
  }

  private void spend() {
    if (--left < 0) {
      throw Exhausted.INSTANCE;
    }
  }

  /** Thrown from inside the matcher when the budget is spent; carries no stack trace. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Exhausted INSTANCE = new Exhausted();

    private Exhausted() {
      super("selector evaluation budget exhausted", null, false, false);
    }
  }

  /** An input that charges the budget for every character the matcher reads. */
  static final class Metered implements CharSequence {
    private final String text;
    private final Budget budget;

    Metered(String text, Budget budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      budget.spend();
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
