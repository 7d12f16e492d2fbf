package io.vamp.reconciler.webhook;

/** Who signed a webhook, told apart by the header that carries the proof. */
public enum Provider {
  /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
  GITHUB("X-Hub-Signature-256"),
  /** {@code X-Gitlab-Token: <the secret itself>}. */
  GITLAB("X-Gitlab-Token"),
  /** {@code X-Vamp-Signature: sha256=<hex HMAC-SHA256 of the body>}, for anything else. */
  GENERIC("X-Vamp-Signature");

  private final String header;

  Provider(String header) {
    this.header = header;
  }

  /** The header that carries this provider's signature or token. */
  public String header() {
    return header;
  }
}
