package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class EtcdServerIT {

    private final EtcdServer etcd = Servers.etcd();

    @Test
    void healthAnswersTrue() throws IOException, InterruptedException {
        HttpResponse<String> health = Http.get(etcd.endpoint().resolve("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().replace(" ", "")).contains("\"health\":\"true\"");
    }

    @Test
    void putThenGetThroughTheV3JsonGateway() throws IOException, InterruptedException {
        String key = base64("/vamp/gateways/sava");
        String value = base64("{\"weight\":90}");
        HttpResponse<String> put = Http.send("POST", etcd.endpoint().resolve("/v3/kv/put"),
                "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
        assertThat(put.statusCode()).isEqualTo(200);

        HttpResponse<String> range = Http.send("POST", etcd.endpoint().resolve("/v3/kv/range"),
                "{\"key\":\"" + key + "\"}");
        assertThat(range.statusCode()).isEqualTo(200);
        assertThat(range.body()).contains("\"value\":\"" + value + "\"").contains("\"count\":\"1\"");
    }

    @Test
    void keepsItsDataAcrossStopAndStartOnTheSamePort() throws IOException, InterruptedException {
        String key = base64("/vamp/restart-check");
        String value = base64("survives");
        Http.send("POST", etcd.endpoint().resolve("/v3/kv/put"),
                "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
        int port = etcd.port();

        etcd.stop();
        assertThat(etcd.isRunning()).isFalse();
        assertThat(FreePorts.isFree(port)).isTrue();
        etcd.start();

        assertThat(etcd.port()).isEqualTo(port);
        HttpResponse<String> range = Http.send("POST", etcd.endpoint().resolve("/v3/kv/range"),
                "{\"key\":\"" + key + "\"}");
        assertThat(range.body()).contains("\"value\":\"" + value + "\"");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
