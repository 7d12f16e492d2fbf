package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vamp.driver.spi.DriverException;

/** Turns client failures into {@link DriverException}s that say whether trying again may help. */
final class KubernetesErrors {
  private KubernetesErrors() {}

  static DriverException of(String doing, Throwable error) {
    return new DriverException("kubernetes: " + doing + ": " + describe(error), error, retryable(error));
  }

  /** Conflicts, timeouts, throttling, server errors and lost connections may pass; the rest will not. */
  static boolean retryable(Throwable error) {
    if (error instanceof KubernetesClientException k) {
      int code = k.getCode();
      return code == 0 || code == 409 || code == 429 || code >= 500;
    }
    return true;
  }

  static String describe(Throwable error) {
    if (error instanceof KubernetesClientException k) {
      String message = k.getStatus() != null && k.getStatus().getMessage() != null
          ? k.getStatus().getMessage() : String.valueOf(k.getMessage());
      String hint = switch (k.getCode()) {
        case 401 -> " (the credentials were refused)";
        case 403 -> " (forbidden: see the RBAC rules in the driver's README)";
        default -> "";
      };
      return (k.getCode() == 0 ? "" : "HTTP " + k.getCode() + ": ") + message + hint;
    }
    return String.valueOf(error);
  }
}
