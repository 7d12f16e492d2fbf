package io.vamp.driver.haproxy.agent;

import java.nio.file.Path;

/**
 * Hand-written HAProxy configurations in the shape the renderer writes (a weighted backend behind a
 * frontend, admin stats socket with {@code expose-fd listeners}, server-state file), small enough to
 * read in a test.
 */
final class TestConfigs {
  private TestConfigs() {}

  /**
   * One gateway on {@code port} splitting between backends A and B by weight. {@code revision} is sent
   * back as {@code X-Revision}: changing it changes the structure (a reload) and shows which
   * configuration answered.
   */
  static String split(Path run, int port, int portA, int weightA, int portB, int weightB, int revision) {
    return global(run) + defaults() + """

        frontend gw
            bind 127.0.0.1:%d
            http-response set-header X-Revision %d
            default_backend gw.weights

        backend gw.weights
            balance roundrobin
            server a 127.0.0.1:%d weight %d
            server b 127.0.0.1:%d weight %d
        """.formatted(port, revision, portA, weightA, portB, weightB);
  }

  static String global(Path run) {
    return """
        # hand-written test configuration
        global
            stats socket %s mode 600 level admin expose-fd listeners
            stats timeout 30s
            server-state-file %s
            hard-stop-after 30s
        """.formatted(run.resolve("admin.sock"), run.resolve("server-state"));
  }

  static String defaults() {
    return """

        defaults
            mode http
            option redispatch
            retries 3
            load-server-state-from-file global
            timeout connect 5s
            timeout client 30s
            timeout server 30s
        """;
  }
}
