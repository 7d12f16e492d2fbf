package io.vamp.driver.kubernetes;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes scheduler's settings, read strictly from {@link DriverConfig#settings()} (unknown keys
 * are refused). See the module README for each key.
 *
 * @param kubernetesNamespace empty: the namespace of the kubeconfig context or of the pod the daemon
 *     runs in, else {@code default}
 */
public record KubernetesSettings(
    Optional<String> kubernetesNamespace,
    Optional<URI> masterUrl,
    Optional<Path> kubeconfig,
    Optional<String> context,
    Optional<Path> tokenFile,
    Optional<Path> caFile,
    boolean trustCerts,
    InstanceAddress instanceAddress,
    String clusterDomain,
    Optional<String> commandImage,
    Optional<String> imagePullPolicy,
    boolean watchAutoscalers,
    Duration requestTimeout,
    Duration syncTimeout,
    String gatewayServiceName,
    String gatewayServiceType,
    Map<String, String> gatewaySelector) {

  /** Where an {@link io.vamp.driver.spi.scheduler.Instance} says a workload is reached. */
  public enum InstanceAddress {
    /** {@code <service>.<namespace>.svc.<cluster-domain>} and the Service port: stable across pod churn. */
    SERVICE_DNS,
    /** The Service's clusterIP and port (the DNS name while no clusterIP is assigned). */
    SERVICE_IP,
    /** Each pod's IP and container port: per-pod balancing by HAProxy, churns with pods. */
    POD;

    static InstanceAddress parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "service-dns" -> SERVICE_DNS;
        case "service-ip" -> SERVICE_IP;
        case "pod", "pod-ip" -> POD;
        default -> throw invalid("instance-address", text, "service-dns, service-ip or pod");
      };
    }
  }

  static final Map<String, String> DEFAULTS = defaults();

  /** {@code gateway-service-type} that makes no gateway Service (and removes one this daemon made). */
  public static final String NO_GATEWAY_SERVICE = "None";

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  public KubernetesSettings {
    gatewaySelector = Map.copyOf(gatewaySelector);
  }

  /** Whether the gateways get a Service at all ({@code gateway-service-type} is not {@code None}). */
  public boolean exposesGateways() {
    return !NO_GATEWAY_SERVICE.equals(gatewayServiceType);
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new TreeMap<>();
    d.put("namespace", "");
    d.put("kubeconfig", "");
    d.put("context", "");
    d.put("token-file", "");
    d.put("ca-file", "");
    d.put("trust-certs", "false");
    d.put("instance-address", "service-dns");
    d.put("cluster-domain", "cluster.local");
    d.put("command-image", "");
    d.put("image-pull-policy", "");
    d.put("autoscalers", "true");
    d.put("request-timeout", "30s");
    d.put("sync-timeout", "60s");
    d.put("gateway-service-name", "vamp-gateways");
    d.put("gateway-service-type", "NodePort");
    d.put("gateway-selector", "app.kubernetes.io/name=vamp-gateway-agent");
    return Map.copyOf(d);
  }

  public static KubernetesSettings from(DriverConfig config) {
    for (String key : config.settings().keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        throw new DriverException("kubernetes scheduler: unknown setting '" + key + "'; known: "
            + new TreeMap<>(DEFAULTS).keySet(), false);
      }
    }
    String pullPolicy = text(config, "image-pull-policy");
    if (!pullPolicy.isEmpty() && !pullPolicy.matches("Always|IfNotPresent|Never")) {
      throw invalid("image-pull-policy", pullPolicy, "Always, IfNotPresent or Never");
    }
    String serviceType = text(config, "gateway-service-type");
    if (!serviceType.matches("NodePort|LoadBalancer|" + NO_GATEWAY_SERVICE)) {
      throw invalid("gateway-service-type", serviceType,
          "NodePort, LoadBalancer or None (no Service: the agents are reached some other way)");
    }
    String namespace = text(config, "namespace");
    if (!namespace.isEmpty() && !Names.isDnsLabel(namespace)) {
      throw invalid("namespace", namespace, "a Kubernetes namespace name (RFC 1123 label)");
    }
    String name = text(config, "gateway-service-name");
    if (!Names.isDnsLabel(name)) {
      throw invalid("gateway-service-name", name, "a Service name (RFC 1123 label)");
    }
    return new KubernetesSettings(
        optional(namespace),
        config.uri(),
        optional(text(config, "kubeconfig")).map(Path::of),
        optional(text(config, "context")),
        optional(text(config, "token-file")).map(Path::of),
        optional(text(config, "ca-file")).map(Path::of),
        bool(config, "trust-certs"),
        InstanceAddress.parse(text(config, "instance-address")),
        text(config, "cluster-domain"),
        optional(text(config, "command-image")),
        optional(pullPolicy),
        bool(config, "autoscalers"),
        duration(config, "request-timeout"),
        duration(config, "sync-timeout"),
        name,
        serviceType,
        selector(text(config, "gateway-selector")));
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT5S}). */
  static Duration parseDuration(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(trimmed);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
  }

  private static Map<String, String> selector(String text) {
    Map<String, String> out = new TreeMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw invalid("gateway-selector", text, "labels such as app.kubernetes.io/name=vamp-gateway-agent,tier=edge");
      }
      out.put(kv[0].trim(), kv[1].trim());
    }
    return out;
  }

  private static Duration duration(DriverConfig config, String key) {
    String text = text(config, key);
    try {
      Duration d = parseDuration(text);
      if (d.isNegative() || d.isZero()) {
        throw invalid(key, text, "a positive duration");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw invalid(key, text, "a duration such as 500ms, 5s, 2m, 1h or PT5S");
    }
  }

  private static boolean bool(DriverConfig config, String key) {
    String text = text(config, key).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw invalid(key, text, "true or false");
    };
  }

  private static String text(DriverConfig config, String key) {
    return config.setting(key).orElse(DEFAULTS.get(key)).trim();
  }

  private static Optional<String> optional(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static DriverException invalid(String key, String value, String expected) {
    return new DriverException("kubernetes scheduler: setting '" + key + "' is '" + value + "'; expected " + expected,
        false);
  }
}
