package io.vamp.driver.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.driver.elasticsearch.ServerInfo.Mode;
import io.vamp.driver.spi.DriverException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.http.Header;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.message.BasicHeader;

/**
 * How elasticsearch-java 8.19 must speak to the server it is connected to, decided once from the
 * server's {@code GET /} and applied by two Apache HTTP interceptors that every connection carries.
 *
 * <p>Against Elasticsearch 8 and 9 ({@link Mode#NATIVE}) the interceptors do nothing: the client's own
 * {@code application/vnd.elasticsearch+json; compatible-with=8} media types and its product check stay
 * as they are. Against Elasticsearch 7.8+ ({@link Mode#ELASTICSEARCH_7}) they send plain
 * {@code application/json} (bulk included) instead of the compatible-with=8 media types, which a 7.x
 * server does not know (7.10.2 answers them with 406), and add the
 * {@code X-Elastic-Product: Elasticsearch} response header the client insists on, only when the server
 * did not send one (before 7.14 it never does). Until the mode is known they do nothing either.
 */
final class ServerCompatibility {
  static final String PRODUCT_HEADER = "X-Elastic-Product";
  static final String PRODUCT = "Elasticsearch";

  /** The oldest Elasticsearch this driver speaks to: composable index templates came with 7.8. */
  static final int MIN_7_MINOR = 8;

  private volatile Mode mode;

  ServerCompatibility() {}

  void mode(Mode detected) {
    this.mode = Objects.requireNonNull(detected, "mode");
  }

  boolean speaks7() {
    return mode == Mode.ELASTICSEARCH_7;
  }

  /**
   * Decides from the answer to {@code GET /}: {@code status} and, for a 200, its JSON {@code body};
   * {@code productHeader} is whether the answer carried {@code X-Elastic-Product}. Throws a
   * {@link DriverException}: not retryable for a server this driver cannot speak to (OpenSearch, before
   * 7.8, not Elasticsearch at all) or refused credentials; retryable for any other status.
   */
  static ServerInfo decide(String where, int status, boolean productHeader, JsonNode body) {
    if (status == 200) {
      return fromVersion(where, body);
    }
    if (status == 401) {
      throw new DriverException("Elasticsearch at " + where + " refused the credentials (401 on GET /): check"
          + " user and password or api-key", false);
    }
    if (status == 403) {
      // Reading the version needs the cluster privilege monitor. Elasticsearch 7.14 and later send the
      // product header on every authenticated answer, 403 included; 7.13 and before never do.
      return productHeader ? new ServerInfo("unknown", Mode.NATIVE, true)
          : new ServerInfo("unknown", Mode.ELASTICSEARCH_7, true);
    }
    throw new DriverException("Elasticsearch at " + where + " answered GET / with status " + status, true);
  }

  private static ServerInfo fromVersion(String where, JsonNode body) {
    JsonNode version = body == null ? null : body.path("version");
    String number = version == null ? "" : version.path("number").asText("");
    if (number.isEmpty()) {
      throw new DriverException("Elasticsearch at " + where + ": GET / answered without version.number;"
          + " is it Elasticsearch?", false);
    }
    String distribution = version.path("distribution").asText("");
    if (distribution.toLowerCase(Locale.ROOT).equals("opensearch")) {
      throw new DriverException("Elasticsearch at " + where + " is OpenSearch " + number
          + ": not supported (this driver speaks Elasticsearch 7.8 or later)", false);
    }
    int major;
    int minor;
    try {
      String[] parts = number.split("[.-]");
      major = Integer.parseInt(parts[0]);
      minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      throw new DriverException("Elasticsearch at " + where + ": cannot read version " + number, false);
    }
    if (major >= 8) {
      return new ServerInfo(number, Mode.NATIVE, false);
    }
    if (major == 7 && minor >= MIN_7_MINOR) {
      return new ServerInfo(number, Mode.ELASTICSEARCH_7, false);
    }
    throw new DriverException("Elasticsearch at " + where + " is version " + number
        + ": too old, 7." + MIN_7_MINOR + " or later is needed (composable index templates)", false);
  }

  /** Plain JSON media types on requests, in 7.x mode only. */
  HttpRequestInterceptor requestInterceptor() {
    return (request, context) -> {
      if (!speaks7()) {
        return;
      }
      for (String name : List.of("Accept", "Content-Type")) {
        for (Header header : request.getHeaders(name)) {
          String plain = plain(header.getValue());
          if (!plain.equals(header.getValue())) {
            request.removeHeader(header);
            request.addHeader(new BasicHeader(name, plain));
          }
        }
      }
      // the low-level client takes Content-Type from the entity when it sends
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
    };
  }

  /** The product header on responses that lack it, in 7.x mode only; never replaces the server's own. */
  HttpResponseInterceptor responseInterceptor() {
    return (response, context) -> {
      if (speaks7() && response.getFirstHeader(PRODUCT_HEADER) == null) {
        response.addHeader(PRODUCT_HEADER, PRODUCT);
      }
    };
  }

  /** {@code application/vnd.elasticsearch+json; compatible-with=8} → {@code application/json}. */
  static String plain(String mediaType) {
    String lower = mediaType.toLowerCase(Locale.ROOT);
    if (lower.contains("vnd.elasticsearch+x-ndjson")) {
      return "application/x-ndjson";
    }
    if (lower.contains("vnd.elasticsearch+json")) {
      return "application/json";
    }
    return mediaType;
  }
}
