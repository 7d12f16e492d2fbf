package io.vamp.driver.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.testing.ElasticsearchServer;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.Header;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * Tests' access to the real Elasticsearch 7.10.2 node of {@link Servers#elasticsearch()}.
 *
 * <p>THE COMPATIBILITY SHIM LIVES HERE, IN TEST CODE ONLY. elasticsearch-java 8.19 refuses a 7.x server:
 * it wants an {@code X-Elastic-Product: Elasticsearch} response header, which 7.10 does not send, and it
 * sends {@code application/vnd.elasticsearch+json; compatible-with=8}, which 7.10 answers with 406. The
 * two interceptors below add the header and send plain {@code application/json} (and
 * {@code application/x-ndjson} for bulk). Production code talks to Elasticsearch 8 and 9 without them.
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

  /** A connection to the test node through the 7.x shim (test code only). */
  public static ElasticsearchConnection connect(String namespace) {
    return connect(settings(namespace));
  }

  public static ElasticsearchConnection connect(ElasticsearchSettings settings) {
    return ElasticsearchConnection.open(settings, builder -> builder
        .addInterceptorLast((HttpRequestInterceptor) (request, context) -> {
          for (String name : List.of("Accept", "Content-Type")) {
            for (Header header : request.getHeaders(name)) {
              String plain = plain(header.getValue());
              if (!plain.equals(header.getValue())) {
                request.removeHeader(header);
                request.addHeader(new BasicHeader(name, plain));
              }
            }
          }
          if (request instanceof HttpEntityEnclosingRequest enclosing && enclosing.getEntity() != null
              && enclosing.getEntity().getContentType() != null) {
            String type = enclosing.getEntity().getContentType().getValue();
            String plain = plain(type);
            if (!plain.equals(type)) {
              enclosing.setEntity(new HttpEntityWrapper(enclosing.getEntity()) {
                @Override
                public Header getContentType() {
                  return new BasicHeader("Content-Type", plain);
                }
              });
            }
          }
        })
        .addInterceptorLast((HttpResponseInterceptor) (response, context) -> {
          if (response.getFirstHeader("X-Elastic-Product") == null) {
            response.addHeader("X-Elastic-Product", "Elasticsearch");
          }
        }));
  }

  private static String plain(String mediaType) {
    String lower = mediaType.toLowerCase(Locale.ROOT);
    if (lower.contains("vnd.elasticsearch+x-ndjson")) {
      return "application/x-ndjson";
    }
    if (lower.contains("vnd.elasticsearch+json")) {
      return "application/json";
    }
    return mediaType;
  }

  /** A plain low-level client for looking at the node directly (no shim needed: it sends application/json). */
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
