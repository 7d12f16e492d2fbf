package io.vamp.driver.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vamp.driver.spi.DriverException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns what jetcd and gRPC throw into {@link DriverException}s the reconciler can act on. */
final class Failures {
  private Failures() {}

  static DriverException of(String what, Settings settings, Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof DriverException d) {
      return d;
    }
    if (cause instanceof IllegalArgumentException iae) {
      throw iae;
    }
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new DriverException(what + " on " + settings.where() + " was interrupted", cause, true);
    }
    if (cause instanceof TimeoutException || cause instanceof CancellationException) {
      return new DriverException(what + " on " + settings.where() + " timed out after "
          + settings.operationTimeout().toMillis() + " ms (etcd unreachable or busy; retry later)", cause, true);
    }
    String code = null;
    if (cause instanceof EtcdException ee) {
      code = ee.getErrorCode().name();
    } else if (cause instanceof StatusRuntimeException sre) {
      code = sre.getStatus().getCode().name();
    } else {
      Status status = Status.fromThrowable(cause);
      if (status.getCode() != Status.Code.UNKNOWN) {
        code = status.getCode().name();
      }
    }
    if (code != null) {
      boolean refused = switch (code) {
        case "PERMISSION_DENIED", "UNAUTHENTICATED", "INVALID_ARGUMENT", "OUT_OF_RANGE", "UNIMPLEMENTED" -> true;
        default -> false;
      };
      return new DriverException(what + " on " + settings.where() + " failed: " + code + " " + cause.getMessage()
          + (refused ? "" : " (retry later)"), cause, !refused);
    }
    return new DriverException(what + " on " + settings.where() + " failed: " + cause, cause, true);
  }
}
