package io.vamp.reconciler.cli;

import io.vamp.reconciler.config.Setting;
import io.vamp.reconciler.config.Settings;
import java.util.List;

/**
 * The configuration reference page ({@code deploy/CONFIGURATION.md}), generated from {@link Settings#ALL}
 * and from the table of driver settings below. {@code ConfigReferenceTest} fails when the committed page
 * differs from what this prints, and checks that every driver key listed here is still read by its
 * driver's settings class, so the page cannot drift from the code.
 */
public final class ConfigReference {
  private ConfigReference() {}

  /**
   * One setting a driver reads from its section ({@code scheduler.settings.KEY} and so on).
   *
   * @param source the driver's settings class, relative to the repository root (the test reads it)
   */
  public record DriverSetting(String section, String driver, String key, String defaultValue, boolean secret,
      String meaning, String source) {}

  private static final String K8S = "drivers/kubernetes/src/main/java/io/vamp/driver/kubernetes/KubernetesSettings.java";
  private static final String MARATHON = "drivers/marathon/src/main/java/io/vamp/driver/marathon/MarathonSettings.java";
  private static final String LOCAL = "drivers/local/README.md";
  private static final String ETCD = "drivers/etcd/src/main/java/io/vamp/driver/etcd/Settings.java";
  private static final String ZK = "drivers/zookeeper/src/main/java/io/vamp/driver/zookeeper/Settings.java";
  private static final String CONSUL = "drivers/consul/src/main/java/io/vamp/driver/consul/Settings.java";
  private static final String MEMORY = "drivers/memory/README.md";
  private static final String SQL = "drivers/sql/src/main/java/io/vamp/driver/sql/ConnectionSettings.java";
  private static final String ES =
      "drivers/elasticsearch/src/main/java/io/vamp/driver/elasticsearch/ElasticsearchSettings.java";

  /** Every driver setting, by section and driver. */
  public static final List<DriverSetting> DRIVER_SETTINGS = List.of(
      d("scheduler", "local", "host", "127.0.0.1", "Address instances listen on and are reported at.", LOCAL),
      d("scheduler", "local", "ports", "31000-31999", "Range instance ports are given from.", LOCAL),
      d("scheduler", "local", "restart-backoff", "500ms", "First delay before restarting a dead process.", LOCAL),
      d("scheduler", "local", "restart-backoff-max", "30s", "Longest delay between restarts.", LOCAL),
      d("scheduler", "local", "rollout-timeout", "10m",
          "How long old instances wait for the new digest's to be ready before they are retired anyway.", LOCAL),
      d("scheduler", "local", "drain", "5s", "How long retired instances keep running, unlisted.", LOCAL),
      d("scheduler", "local", "stop-timeout", "10s", "TERM to KILL.", LOCAL),
      d("scheduler", "local", "log-max-bytes", "10485760", "Size at which an instance log is rotated.", LOCAL),
      d("scheduler", "local", "inherit-environment", "PATH,HOME,USER,LOGNAME,LANG,LC_ALL,TZ,TMPDIR,JAVA_HOME",
          "The daemon's environment variables passed on to instances.", LOCAL),
      d("scheduler", "local", "working-directory", "",
          "Base of relative working_directory dialect values (default: the repository folder when local, else the daemon's).",
          LOCAL),
      d("scheduler", "local", "supervision-interval", "200ms", "How often processes are checked.", LOCAL),

      d("scheduler", "kubernetes", "namespace", "",
          "The Kubernetes namespace workloads go to (default: the kubeconfig context's or the pod's, else default).", K8S),
      d("scheduler", "kubernetes", "kubeconfig", "", "A kubeconfig file (default: in-cluster service account).", K8S),
      d("scheduler", "kubernetes", "context", "", "The kubeconfig context to use.", K8S),
      s("scheduler", "kubernetes", "token-file", "", "A bearer token file for the API server.", K8S),
      d("scheduler", "kubernetes", "ca-file", "", "The API server's CA certificate.", K8S),
      d("scheduler", "kubernetes", "trust-certs", "false", "Trust any API server certificate (tests only).", K8S),
      d("scheduler", "kubernetes", "instance-address", "service-dns",
          "How instances are addressed: service-dns, service-ip or pod-ip.", K8S),
      d("scheduler", "kubernetes", "cluster-domain", "cluster.local", "The cluster's DNS domain.", K8S),
      d("scheduler", "kubernetes", "command-image", "", "The image for breeds that give a command but no image.", K8S),
      d("scheduler", "kubernetes", "image-pull-policy", "", "Always, IfNotPresent or Never (default: Kubernetes').", K8S),
      d("scheduler", "kubernetes", "autoscalers", "true",
          "Watch HorizontalPodAutoscalers so replicas they set are not drift.", K8S),
      d("scheduler", "kubernetes", "request-timeout", "30s", "Timeout of one API request.", K8S),
      d("scheduler", "kubernetes", "sync-timeout", "60s", "How long to wait for the first watch listing.", K8S),
      d("scheduler", "kubernetes", "gateway-service-name", "vamp-gateways",
          "The Service exposing gateway ports on the agent pods.", K8S),
      d("scheduler", "kubernetes", "gateway-service-type", "NodePort",
          "NodePort, LoadBalancer or None (no gateway Service; one the daemon made is removed).", K8S),
      d("scheduler", "kubernetes", "gateway-selector", "app.kubernetes.io/name=vamp-gateway-agent",
          "Labels selecting the gateway agent pods.", K8S),

      s("scheduler", "marathon", "token", "", "A DC/OS ACS token (prefer token-file).", MARATHON),
      s("scheduler", "marathon", "token-file", "", "A file holding a DC/OS ACS token.", MARATHON),
      d("scheduler", "marathon", "uid", "", "DC/OS service account id (login with private-key-file).", MARATHON),
      s("scheduler", "marathon", "private-key-file", "", "The service account's private key.", MARATHON),
      d("scheduler", "marathon", "login-url", "", "DC/OS login endpoint (default: from the Marathon URL).", MARATHON),
      d("scheduler", "marathon", "ca-file", "", "Marathon's CA certificate.", MARATHON),
      d("scheduler", "marathon", "request-timeout", "30s", "Timeout of one request.", MARATHON),
      d("scheduler", "marathon", "group", "", "The Marathon group apps are created in (default: /vamp/NAMESPACE).",
          MARATHON),
      d("scheduler", "marathon", "network", "container/bridge", "container/bridge, host or container/NAME.", MARATHON),
      d("scheduler", "marathon", "default-cpus", "0.1", "CPUs of a breed that names none.", MARATHON),
      d("scheduler", "marathon", "default-mem", "128", "Memory (MB) of a breed that names none.", MARATHON),
      d("scheduler", "marathon", "force", "true", "Deploy with force=true over a deployment in flight.", MARATHON),

      d("kv", "memory", "store", "default", "Which JVM-wide store to join when there is no URI.", MEMORY),
      d("kv", "etcd", "lease-ttl", "5s", "TTL of the lease holding ephemeral keys and elections.", ETCD),
      d("kv", "etcd", "operation-timeout", "5s", "Timeout of one operation.", ETCD),
      d("kv", "etcd", "user", "", "etcd user.", ETCD),
      s("kv", "etcd", "password", "", "etcd password.", ETCD),
      d("kv", "etcd", "ca-file", "", "CA certificate (TLS).", ETCD),
      d("kv", "etcd", "cert-file", "", "Client certificate (mutual TLS).", ETCD),
      s("kv", "etcd", "key-file", "", "Client private key (mutual TLS).", ETCD),
      d("kv", "zookeeper", "session-timeout", "6s", "ZooKeeper session timeout.", ZK),
      d("kv", "zookeeper", "connection-timeout", "3s", "Connection timeout.", ZK),
      d("kv", "zookeeper", "operation-timeout", "5s", "Timeout of one operation.", ZK),
      d("kv", "zookeeper", "user", "", "Digest authentication user.", ZK),
      s("kv", "zookeeper", "password", "", "Digest authentication password.", ZK),
      d("kv", "zookeeper", "ca-file", "", "CA certificate (TLS).", ZK),
      d("kv", "zookeeper", "cert-file", "", "Client certificate (mutual TLS).", ZK),
      s("kv", "zookeeper", "key-file", "", "Client private key (mutual TLS).", ZK),
      d("kv", "consul", "session-ttl", "10s", "TTL of the session holding ephemeral keys and locks (10s-24h).",
          CONSUL),
      d("kv", "consul", "lock-delay", "1s", "Consul's lock-delay after a session ends (0: none).", CONSUL),
      d("kv", "consul", "wait", "20s", "Blocking query wait (at most 10m).", CONSUL),
      d("kv", "consul", "operation-timeout", "5s", "Timeout of one request.", CONSUL),
      s("kv", "consul", "token", "", "ACL token.", CONSUL),
      d("kv", "consul", "datacenter", "", "The datacenter (default: the agent's).", CONSUL),
      d("kv", "consul", "ca-file", "", "CA certificate (TLS).", CONSUL),
      d("kv", "consul", "cert-file", "", "Client certificate (mutual TLS).", CONSUL),
      s("kv", "consul", "key-file", "", "Client private key (mutual TLS).", CONSUL),

      d("ledger", "h2, sql", "pool-size", "4", "Connection pool size (at least 2).", SQL),

      d("elasticsearch", "elasticsearch", "namespace", "the daemon's namespace", "Namespace in index names.", ES),
      d("elasticsearch", "elasticsearch", "index-prefix", "vamp-pulse", "Prefix of the event indices.", ES),
      d("elasticsearch", "elasticsearch", "request-log-prefix", "vamp-vga", "Prefix of the request-log indices.", ES),
      d("elasticsearch", "elasticsearch", "user", "", "Basic authentication user.", ES),
      s("elasticsearch", "elasticsearch", "password", "", "Basic authentication password.", ES),
      s("elasticsearch", "elasticsearch", "api-key", "", "An API key (instead of user and password).", ES),
      d("elasticsearch", "elasticsearch", "ca-file", "", "CA certificate (https).", ES),
      d("elasticsearch", "elasticsearch", "connect-timeout", "2s", "Connect timeout.", ES),
      d("elasticsearch", "elasticsearch", "socket-timeout", "30s", "Socket timeout.", ES));

  private static DriverSetting d(String section, String driver, String key, String def, String meaning, String src) {
    return new DriverSetting(section, driver, key, def, false, meaning, src);
  }

  private static DriverSetting s(String section, String driver, String key, String def, String meaning, String src) {
    return new DriverSetting(section, driver, key, def, true, meaning, src);
  }

  /** The whole page, markdown, ending with one newline. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("<!-- Generated by `vamp config reference` from Settings.ALL and ConfigReference.DRIVER_SETTINGS;")
        .append(" do not edit: ConfigReferenceTest fails when this page differs from the code. -->\n\n")
        .append("Settings come from defaults, then one YAML file (`vamp run -c FILE`; dotted keys are nested maps:\n")
        .append("`repository.url` is `repository:` then `url:`), then `VAMP_*` environment variables, then\n")
        .append("command-line options. An unknown key is an error with its file, line and column; check a file with\n")
        .append("`vamp config check -c FILE`. A **secret** is never written inline in the file: give a file\n")
        .append("(`*_file`) or the name of an environment variable (`*_env`); secrets are never logged or printed.\n")
        .append("Durations: `500ms`, `10s`, `2m`, `1h`, `30d`.\n\n")
        .append("## Daemon and agent settings\n\n")
        .append("| YAML key | environment variable | default | meaning |\n|---|---|---|---|\n");
    for (Setting setting : Settings.ALL) {
      out.append("| `").append(setting.key()).append("` | `").append(setting.environmentVariable()).append("` | ")
          .append(setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`").append(" | ")
          .append(setting.secret() ? "**secret (a file path).** " : "").append(cell(setting.description()))
          .append(" |\n");
    }
    out.append("\n## Driver settings\n\n")
        .append("Each driver reads its own section, handed over as it is: `scheduler.settings.KEY`, `kv.settings.KEY`,\n")
        .append("`ledger.settings.KEY`, `elasticsearch.settings.KEY`. A driver refuses keys it does not know when it\n")
        .append("starts. These keys have no environment variable of their own; secrets among them (marked) belong\n")
        .append("in files where the driver takes a file, and otherwise in a file-mounted configuration that is not\n")
        .append("committed to Git. The ledger's user and password come from `ledger.user` and\n")
        .append("`ledger.password_file`/`ledger.password_env` above.\n");
    String section = "";
    String driver = "";
    for (DriverSetting setting : DRIVER_SETTINGS) {
      if (!setting.section().equals(section) || !setting.driver().equals(driver)) {
        section = setting.section();
        driver = setting.driver();
        out.append("\n### `").append(section).append(".settings` — ").append(driver).append("\n\n")
            .append("| key | default | meaning |\n|---|---|---|\n");
      }
      out.append("| `").append(section).append(".settings.").append(setting.key()).append("` | ")
          .append(setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`").append(" | ")
          .append(setting.secret() ? "**secret.** " : "").append(cell(setting.meaning())).append(" |\n");
    }
    return out.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
