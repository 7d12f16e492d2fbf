package io.vamp.driver.kubernetes.standin;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's {@code KubernetesMixedDispatcher} (expectations first, then CRUD), with one fix for the mock
 * server 7.8.0: when a client closes a watch, the mock's {@code WatchEventsListener.onClosed} waits on the
 * Vert.x event loop for its send executor to finish, while a send still queued there waits for a write that
 * needs that same event loop; the event loop then hangs until the write times out, and every request on it
 * with it (seen here as watch caches that never sync and requests timing out after a scheduler is closed).
 * Here {@code onClosed} and {@code onFailure} run on a thread of their own, so the event loop keeps going.
 */
final class WatchSafeDispatcher extends Dispatcher {
  private final Map<ServerRequest, Queue<ServerResponse>> responses;
  private final MockDispatcher expectations;
  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher() {
    @Override
    public MockResponse handleWatch(String path) {
      MockResponse response = super.handleWatch(path);
      WebSocketListener listener = response.getWebSocketListener();
      return listener == null ? response : response.withWebSocketUpgrade(new OffLoopClose(listener));
    }
  };

  WatchSafeDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
    this.responses = responses;
    this.expectations = new MockDispatcher(responses);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<ServerResponse> queue = responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()),
        request.getPath()));
    if (queue != null && !queue.isEmpty()) {
      return expectations.dispatch(request);
    }
    return crud.dispatch(request);
  }

  @Override
  public void shutdown() {
    expectations.shutdown();
    crud.shutdown();
  }

  @Override
  public void releaseResources() {
    expectations.releaseResources();
    crud.releaseResources();
  }

  /** Delegates everything; only the blocking close callbacks move off the event loop. */
  private final class OffLoopClose extends WebSocketListener {
    private final WebSocketListener delegate;

    OffLoopClose(WebSocketListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      offLoop(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      offLoop(() -> delegate.onFailure(webSocket, t, response));
    }
  }

  /**
   * A daemon thread per close (closes are rare): never refused, even after the server shut down, so the
   * listener's own (non-daemon) send thread always ends.
   */
  private static void offLoop(Runnable task) {
    Thread t = new Thread(task, "stand-in-watch-close");
    t.setDaemon(true);
    t.start();
  }
}
