package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composable index templates ({@code PUT _index_template}, Elasticsearch 7.8 and later) that give
 * Vamp's indices their mappings: one per prefix ({@code vamp-pulse} for events, {@code vamp-vga} for
 * request logs), matching {@code <prefix>-*} so every namespace shares it. Installed once per
 * connection before the first write; a failure is retried on the next write.
 */
public final class IndexTemplates {
  private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);

  /** Which template: events or request logs. */
  public enum Kind {
    EVENTS("events-template.json"), REQUEST_LOGS("request-logs-template.json");

    private final String resource;

    Kind(String resource) {
      this.resource = resource;
    }
  }

  private final ElasticsearchConnection connection;
  private final Set<String> installed = ConcurrentHashMap.newKeySet();

  IndexTemplates(ElasticsearchConnection connection) {
    this.connection = connection;
  }

  /** Installs the template for {@code prefix} unless this connection already did. */
  public void ensure(Kind kind, String prefix) {
    if (installed.contains(prefix)) {
      return;
    }
    synchronized (this) {
      if (installed.contains(prefix)) {
        return;
      }
      String body = body(kind, prefix);
      Request request = new Request("PUT", "/_index_template/" + prefix);
      request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
      try {
        connection.rest().performRequest(request);
      } catch (ResponseException e) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        throw new DriverException("Elasticsearch refused index template " + prefix + " status=" + status + ": "
            + e.getMessage(), e, status == 429 || status >= 500);
      } catch (IOException e) {
        throw new DriverException("Elasticsearch unreachable at " + connection.where() + " (index template "
            + prefix + "): " + e, e, true);
      }
      installed.add(prefix);
      LOG.info("elasticsearch index template installed name={} pattern={}-*", prefix, prefix);
    }
  }

  static String body(Kind kind, String prefix) {
    try (InputStream in = IndexTemplates.class.getResourceAsStream(kind.resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + kind.resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + kind.resource, e);
    }
  }
}
