package io.vamp.driver.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.testing.ElasticsearchServer;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * Tests' access to the real Elasticsearch 7.10.2 node of {@link Servers#elasticsearch()}. Connections
 * are production ones ({@link ElasticsearchConnection#open(ElasticsearchSettings)}): no test-only shim,
 * the connection finds out itself that it speaks to 7.x ({@link ServerCompatibility}).
 */
public final class Es {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Es() {}

  public static ElasticsearchServer server() {
    return Servers.elasticsearch();
  }

  /** A namespace no other test uses, so tests share the node without seeing each other's indices. */
  public static String freshNamespace(String hint) {
    return hint + "-" + NAMESPACES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  public static ElasticsearchSettings settings(String namespace) {
    return ElasticsearchSettings.of(namespace, server().endpoint());
  }

  /** A production connection to the test node. */
  public static ElasticsearchConnection connect(String namespace) {
    return connect(settings(namespace));
  }

  public static ElasticsearchConnection connect(ElasticsearchSettings settings) {
    return ElasticsearchConnection.open(settings);
  }

  /** A plain low-level request for looking at the node directly. */
  public static JsonNode get(RestClient rest, String path) {
    try {
      Response response = rest.performRequest(new Request("GET", path));
      return JSON.readTree(EntityUtils.toString(response.getEntity()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void refresh(ElasticsearchConnection connection, String indexPattern) {
    refresh(connection.rest(), indexPattern);
  }

  public static void refresh(RestClient rest, String indexPattern) {
    try {
      Request request = new Request("POST", "/" + indexPattern + "/_refresh");
      request.addParameter("ignore_unavailable", "true");
      request.addParameter("allow_no_indices", "true");
      rest.performRequest(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document id in the indices matching {@code pattern}, one entry per document (duplicates kept). */
  public static List<String> ids(RestClient rest, String pattern) {
    refresh(rest, pattern);
    try {
      Request request = new Request("POST", "/" + pattern + "/_search");
      request.addParameter("ignore_unavailable", "true");
      request.addParameter("allow_no_indices", "true");
      request.setJsonEntity("{\"size\":10000,\"_source\":false,\"query\":{\"match_all\":{}}}");
      JsonNode hits = JSON.readTree(EntityUtils.toString(rest.performRequest(request).getEntity()))
          .path("hits").path("hits");
      List<String> ids = new ArrayList<>();
      hits.forEach(h -> ids.add(h.path("_id").asText()));
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
