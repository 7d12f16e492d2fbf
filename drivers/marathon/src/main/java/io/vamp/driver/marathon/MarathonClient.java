package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The part of Marathon's REST API v2 the driver uses ({@code /v2/apps}, {@code /v2/deployments}), over
 * the JDK's HTTP client, with DC/OS authentication ({@link DcosAuth}) and an optional CA for TLS.
 */
final class MarathonClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MarathonSettings settings;
  private final HttpClient http;
  private final DcosAuth auth;
  private final String base;

  MarathonClient(MarathonSettings settings) {
    this.settings = settings;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    settings.caFile().ifPresent(ca -> builder.sslContext(sslContext(ca)));
    this.http = builder.build();
    this.auth = new DcosAuth(settings, Clock.systemUTC());
    String uri = settings.uri().toString();
    this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /** Apps whose id contains {@code idFilter} and whose labels match, with their tasks and deployments. */
  List<JsonNode> apps(String idFilter, String labelSelector) {
    JsonNode answer = request("GET", "/v2/apps?id=" + encode(idFilter) + "&label=" + encode(labelSelector)
        + "&embed=apps.tasks&embed=apps.deployments&embed=apps.counts", null, false).orElseThrow();
    List<JsonNode> out = new ArrayList<>();
    answer.path("apps").forEach(out::add);
    return out;
  }

  /** One app with its tasks and deployments; empty when there is none. */
  Optional<JsonNode> app(String id) {
    return request("GET", "/v2/apps" + id + "?embed=app.tasks&embed=app.deployments&embed=app.counts", null, true)
        .map(a -> a.path("app"));
  }

  /** Creates or replaces the app (Marathon starts a deployment). */
  void putApp(String id, JsonNode app) {
    request("PUT", "/v2/apps" + id + "?force=" + settings.force(), app, false);
  }

  /** Destroys the app; nothing when it is gone. */
  void deleteApp(String id) {
    request("DELETE", "/v2/apps" + id + "?force=" + settings.force(), null, true);
  }

  /** Deployments in flight. */
  List<JsonNode> deployments() {
    JsonNode answer = request("GET", "/v2/deployments", null, false).orElseThrow();
    List<JsonNode> out = new ArrayList<>();
    answer.forEach(out::add);
    return out;
  }

  /**
   * One request; a 401 renews the token (file or login) and retries once.
   *
   * @return the parsed answer; empty on 404 when {@code missingIsEmpty}
   */
  private Optional<JsonNode> request(String method, String path, JsonNode body, boolean missingIsEmpty) {
    HttpResponse<InputStream> response = send(method, path, body, auth.header(http));
    if (response.statusCode() == 401 && auth.canRenew()) {
      close(response);
      response = send(method, path, body, Optional.of("token=" + auth.renew(http)));
    }
    int status = response.statusCode();
    try (InputStream in = response.body()) {
      byte[] bytes = in.readAllBytes();
      if (status == 404 && missingIsEmpty) {
        return Optional.empty();
      }
      if (status >= 200 && status < 300) {
        return Optional.of(bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes));
      }
      throw failure(method, path, status, bytes);
    } catch (IOException e) {
      throw new DriverException("marathon: " + method + " " + path + ": cannot read the answer: " + e.getMessage(), e,
          true);
    }
  }

  private HttpResponse<InputStream> send(String method, String path, JsonNode body, Optional<String> authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json");
    authorization.ifPresent(a -> request.header("Authorization", a));
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new DriverException("marathon: " + method + " " + base + path + ": " + e, e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted: " + method + " " + path, e, true);
    }
  }

  private static DriverException failure(String method, String path, int status, byte[] body) {
    String message;
    try {
      JsonNode answer = MAPPER.readTree(body);
      message = answer.path("message").asText("");
      if (answer.has("details")) {
        message += " " + answer.get("details");
      }
    } catch (IOException | RuntimeException e) {
      message = "";
    }
    if (message.isBlank()) {
      message = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    }
    String hint = switch (status) {
      case 401 -> " (not authenticated: give token-file, or uid and private-key-file)";
      case 403 -> " (forbidden: the account lacks dcos:adminrouter:service:marathon or the app's permissions)";
      case 409 -> " (locked by a deployment in flight; the setting force=true overrides)";
      default -> "";
    };
    boolean retryable = status == 409 || status == 429 || status >= 500;
    return new DriverException("marathon: " + method + " " + path + ": HTTP " + status + ": " + message.strip() + hint,
        retryable);
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** Trusts the certificates of a PEM file (and only those). */
  static SSLContext sslContext(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new DriverException("marathon: ca-file " + caFile + " holds no certificate", false);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new DriverException("marathon: ca-file " + caFile + " cannot be used: " + e.getMessage(), false);
    }
  }
}
