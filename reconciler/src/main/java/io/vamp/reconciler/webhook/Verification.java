package io.vamp.reconciler.webhook;

import java.util.Objects;

/** Whether a webhook request may trigger a poll. */
public sealed interface Verification {

  boolean accepted();

  /** The request proved knowledge of the secret. */
  record Accepted(Provider provider) implements Verification {
    public Accepted {
      Objects.requireNonNull(provider, "provider");
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** The request did not; {@code reason} is safe to log and to return to the caller. */
  record Rejected(String reason) implements Verification {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }
}
