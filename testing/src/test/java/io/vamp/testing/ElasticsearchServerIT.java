package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class ElasticsearchServerIT {

    private final ElasticsearchServer elasticsearch = Servers.elasticsearch();

    @Test
    void rootAnswersVersion7102OnLoopback() throws IOException, InterruptedException {
        assertThat(elasticsearch.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(elasticsearch.version()).isEqualTo("7.10.2");
        HttpResponse<String> root = Http.get(elasticsearch.endpoint().resolve("/"));
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("\"number\" : \"7.10.2\"");
    }

    @Test
    void indexesADocumentAndFindsItBySearch() throws IOException, InterruptedException {
        HttpResponse<String> indexed = Http.send("PUT",
                elasticsearch.endpoint().resolve("/vamp-events/_doc/1?refresh=true"),
                "{\"tags\":[\"deployments:sava\"],\"type\":\"deployed\",\"value\":\"sava:1.0\"}");
        assertThat(indexed.statusCode()).isEqualTo(201);

        HttpResponse<String> found = Http.send("POST", elasticsearch.endpoint().resolve("/vamp-events/_search"),
                "{\"query\":{\"match\":{\"type\":\"deployed\"}}}");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"total\":{\"value\":1").contains("sava:1.0");
    }

    @Test
    void servesItsIndicesAgainRightAfterStopAndStart() throws IOException, InterruptedException {
        Http.send("PUT", elasticsearch.endpoint().resolve("/vamp-restart/_doc/1?refresh=true"), "{\"kept\":true}");
        int port = elasticsearch.httpPort();

        elasticsearch.stop();
        assertThat(elasticsearch.isRunning()).isFalse();
        elasticsearch.start();

        assertThat(elasticsearch.httpPort()).isEqualTo(port);
        HttpResponse<String> document = Http.get(elasticsearch.endpoint().resolve("/vamp-restart/_doc/1"));
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"kept\":true");
    }
}
