package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HaproxyIT {

    private final Haproxy haproxy = Servers.haproxy();
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws IOException {
        // backends first: HAProxy marks a server down when it is not there yet
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.allocate()), 0);
        backend.createContext("/", exchange -> {
            byte[] body = ("sava " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    @Test
    void reportsTheInstalledVersion() {
        assertThat(haproxy.binary()).isExecutable();
        assertThat(haproxy.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(haproxy.majorMinor()).matches("\\d+\\.\\d+");
    }

    @Test
    void proxiesToABackendAndReloadsThroughTheMasterSocket() throws IOException, InterruptedException {
        int frontendPort = FreePorts.allocate();
        try (HaproxyInstance instance = haproxy.start(config(frontendPort, backend.getAddress().getPort()))) {
            URI frontend = URI.create("http://127.0.0.1:" + frontendPort + "/web");
            HttpResponse<String> response = Http.get(frontend);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("sava /web");

            List<Long> workersBefore = instance.workerPids();
            assertThat(workersBefore).hasSize(1);
            assertThat(instance.masterCommand("@1 show info"))
                    .contains("Name: HAProxy").contains("Pid: " + workersBefore.get(0));
            long master = instance.masterPid();
            int frontendPort2 = FreePorts.allocate();
            instance.reload(config(frontendPort, backend.getAddress().getPort())
                    + "frontend second\n  bind 127.0.0.1:" + frontendPort2 + "\n  default_backend sava\n");

            assertThat(instance.masterPid()).isEqualTo(master);
            assertThat(instance.reloadCount()).isEqualTo(1);
            assertThat(instance.workerPids()).hasSize(1).doesNotContainAnyElementsOf(workersBefore);
            assertThat(Http.get(frontend).body()).isEqualTo("sava /web");
            assertThat(Http.get(URI.create("http://127.0.0.1:" + frontendPort2 + "/x")).body()).isEqualTo("sava /x");
        }
    }

    @Test
    void aRejectedReloadSaysSoAndTheOldWorkerKeepsServing() throws IOException, InterruptedException {
        int frontendPort = FreePorts.allocate();
        try (HaproxyInstance instance = haproxy.start(config(frontendPort, backend.getAddress().getPort()))) {
            List<Long> workers = instance.workerPids();
            assertThatThrownBy(() -> instance.reload("this is not a haproxy config\n"))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("rejected the reload");
            assertThat(instance.workerPids()).isEqualTo(workers);
            assertThat(Http.get(URI.create("http://127.0.0.1:" + frontendPort + "/still")).body())
                    .isEqualTo("sava /still");
        }
    }

    @Test
    void runsSeveralIndependentInstances() throws IOException, InterruptedException {
        int port1 = FreePorts.allocate();
        int port2 = FreePorts.allocate();
        int backendPort = backend.getAddress().getPort();
        try (HaproxyInstance first = haproxy.start(config(port1, backendPort));
             HaproxyInstance second = haproxy.start(config(port2, backendPort))) {
            assertThat(first.masterPid()).isNotEqualTo(second.masterPid());
            first.stop();
            assertThat(second.process().isRunning()).isTrue();
            assertThat(Http.get(URI.create("http://127.0.0.1:" + port2 + "/b")).body()).isEqualTo("sava /b");
            assertThat(FreePorts.isFree(port1)).isTrue();
        }
    }

    @Test
    void checkRejectsAnInvalidConfigWithHaproxysMessage() {
        assertThatThrownBy(() -> haproxy.check("frontend broken\n  bind 127.0.0.1:notaport\n"))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("haproxy -c");
    }

    private static String config(int frontendPort, int backendPort) {
        return """
                global
                  maxconn 100
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 10s
                  timeout server 10s
                frontend web
                  bind 127.0.0.1:%d
                  default_backend sava
                backend sava
                  server sava1 127.0.0.1:%d
                """.formatted(frontendPort, backendPort);
    }
}
