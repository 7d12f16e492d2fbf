package io.vamp.driver.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to an Elasticsearch cluster: the low-level {@link RestClient} (templates, counts) and
 * the typed {@link ElasticsearchClient} (bulk, search) over it, sharing one pool. Thread-safe; the sink,
 * the shippers and the queries of one daemon share one.
 *
 * <p>elasticsearch-java 8.19 speaks to Elasticsearch 8 and 9 as it is. Elasticsearch 7 sends no
 * {@code X-Elastic-Product} header (before 7.14) and refuses the {@code compatible-with=8} media types,
 * so before the first request of the typed client (and before the first template) the connection asks
 * the server its version ({@code GET /}, once) and, for 7.8 or later 7.x, speaks plain JSON and supplies
 * the missing header ({@link ServerCompatibility}). Against 8 and 9 nothing changes.
 */
public final class ElasticsearchConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchConnection.class);

  private final ElasticsearchSettings settings;
  private final RestClient rest;
  private final ElasticsearchClient client;
  private final ObjectMapper json;
  private final IndexTemplates templates;
  private final ServerCompatibility compatibility;
  private final Object detecting = new Object();
  private volatile ServerInfo server;

  private ElasticsearchConnection(ElasticsearchSettings settings, RestClient rest, ObjectMapper json,
      ServerCompatibility compatibility) {
    this.settings = settings;
    this.compatibility = compatibility;
    this.rest = rest;
    this.json = json;
    this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(json)));
    this.templates = new IndexTemplates(this);
  }

  public static ElasticsearchConnection open(ElasticsearchSettings settings) {
    return open(settings, builder -> { });
  }

  /**
   * Opens a connection; {@code httpClient} may adjust the Apache HTTP client after authentication and
   * TLS are set (interceptors, proxies). Nothing is sent until the first request: the server's version
   * is asked then ({@link #server()}).
   */
  public static ElasticsearchConnection open(ElasticsearchSettings settings, Consumer<HttpAsyncClientBuilder> httpClient) {
    HttpHost[] hosts = settings.hosts().stream()
        .map(u -> new HttpHost(u.getHost(), u.getPort(), u.getScheme())).toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts)
        .setRequestConfigCallback(r -> r.setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setSocketTimeout((int) settings.socketTimeout().toMillis()));
    settings.apiKey().ifPresent(key -> builder.setDefaultHeaders(new Header[] {
        new BasicHeader("Authorization", "ApiKey " + key)}));
    SSLContext ssl = settings.caFile().isPresent() ? sslContext(settings) : null;
    ServerCompatibility compatibility = new ServerCompatibility();
    builder.setHttpClientConfigCallback(b -> {
      if (settings.user().isPresent()) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        credentials.setCredentials(AuthScope.ANY,
            new UsernamePasswordCredentials(settings.user().get(), settings.password().orElseThrow()));
        b.setDefaultCredentialsProvider(credentials);
      }
      if (ssl != null) {
        b.setSSLContext(ssl);
      }
      // no-ops until GET / said 7.x, and always against 8 and 9
      b.addInterceptorLast(compatibility.requestInterceptor());
      b.addInterceptorLast(compatibility.responseInterceptor());
      httpClient.accept(b);
      return b;
    });
    ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    LOG.info("elasticsearch connection opened settings={}", settings);
    return new ElasticsearchConnection(settings, builder.build(), json, compatibility);
  }

  private static SSLContext sslContext(ElasticsearchSettings settings) {
    var file = settings.caFile().orElseThrow();
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new DriverException("Elasticsearch ca-file " + file + " holds no certificate", false);
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new DriverException("Elasticsearch ca-file " + file + " cannot be read: " + e.getMessage(), e, false);
    }
  }

  public ElasticsearchSettings settings() {
    return settings;
  }

  /**
   * The typed client, once the server's version is known ({@link #server()}), so that it speaks the
   * server's dialect from its first request.
   *
   * @throws DriverException as {@link #server()} does
   */
  public ElasticsearchClient client() {
    server();
    return client;
  }

  /**
   * What the server is, asked once ({@code GET /}) and kept for the life of this connection; an answer
   * that decides nothing (unreachable, 5xx) is not kept, so the next call asks again.
   *
   * @throws DriverException retryable when the server could not be asked; not retryable when it is no
   *     Elasticsearch this driver speaks to (OpenSearch, before 7.8) or refused the credentials
   */
  public ServerInfo server() {
    ServerInfo known = server;
    if (known != null) {
      return known;
    }
    synchronized (detecting) {
      if (server == null) {
        ServerInfo detected = detect();
        compatibility.mode(detected.mode());
        server = detected;
        if (detected.assumed()) {
          LOG.warn("elasticsearch version unreadable hosts={} reason=\"GET / forbidden: grant the cluster privilege"
              + " monitor\" assumed={}", where(), detected.mode() == ServerInfo.Mode.NATIVE
              ? "8.x or later (product header present)" : "7.x before 7.14 (no product header)");
        }
        LOG.info("elasticsearch server hosts={} version={} mode={}", where(), detected.version(), detected.mode());
      }
      return server;
    }
  }

  private ServerInfo detect() {
    Request request = new Request("GET", "/");
    try {
      Response response = rest.performRequest(request);
      JsonNode body;
      try (InputStream in = response.getEntity().getContent()) {
        body = json.readTree(in);
      } catch (IOException | RuntimeException e) {
        body = null;
      }
      return ServerCompatibility.decide(where(), 200, hasProductHeader(response), body);
    } catch (ResponseException e) {
      Response response = e.getResponse();
      return ServerCompatibility.decide(where(), response.getStatusLine().getStatusCode(),
          hasProductHeader(response), null);
    } catch (IOException e) {
      throw new DriverException("Elasticsearch unreachable at " + where() + ": " + e, e, true);
    }
  }

  private static boolean hasProductHeader(Response response) {
    return response.getHeader(ServerCompatibility.PRODUCT_HEADER) != null;
  }

  public RestClient rest() {
    return rest;
  }

  /** The mapper documents are written with. */
  public ObjectMapper json() {
    return json;
  }

  IndexTemplates templates() {
    return templates;
  }

  /**
   * Installs the index template of {@code kind} under this connection's prefix for it, once per
   * connection; a failure throws a {@link DriverException} and is tried again on the next call.
   */
  public void ensureTemplate(IndexTemplates.Kind kind) {
    server();
    templates.ensure(kind, kind == IndexTemplates.Kind.EVENTS ? settings.indexPrefix() : settings.requestLogPrefix());
  }

  /** A short description of where this connects, for logs and messages (no credentials). */
  public String where() {
    return settings.hosts().stream().map(URI::toString).reduce((a, b) -> a + "," + b).orElse("?");
  }

  @Override
  public void close() {
    try {
      rest.close();
      LOG.info("elasticsearch connection closed hosts={}", where());
    } catch (IOException e) {
      LOG.warn("elasticsearch connection close failed hosts={} error=\"{}\"", where(), e.getMessage());
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
