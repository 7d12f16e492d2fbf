package io.vamp.reconciler.config;

import java.util.List;
import java.util.Optional;

/** Every setting of {@code vamp run} and {@code vamp agent}. */
public final class Settings {
  private Settings() {}

  public static final Setting REPOSITORY_URL = new Setting("repository.url", "",
      false, "The Git repository of Vamp artifacts: a local path, file://, https:// or ssh:// URL.");
  public static final Setting REPOSITORY_BRANCH = new Setting("repository.branch", "",
      false, "The branch to follow (default: the remote's default branch, else main).");
  public static final Setting REPOSITORY_PATH = new Setting("repository.path", "",
      false, "The folder inside the repository that holds the artifacts (default: the root).");
  public static final Setting REPOSITORY_POLL_INTERVAL = new Setting("repository.poll_interval", "10s",
      false, "How often to ask the remote for its branch head (at least 1s); a webhook polls at once.");
  public static final Setting REPOSITORY_USERNAME = new Setting("repository.username", "",
      false, "User name for https (with a token, often 'git' or 'oauth2').");
  public static final Setting REPOSITORY_TOKEN_FILE = new Setting("repository.token_file", "",
      true, "A file holding the https token or password.");
  public static final Setting REPOSITORY_TOKEN_ENV = new Setting("repository.token_env", "",
      false, "The name of an environment variable holding the https token or password.");
  public static final Setting REPOSITORY_SSH_KEY_FILE = new Setting("repository.ssh_key_file", "",
      true, "A private key file for ssh:// URLs.");
  public static final Setting REPOSITORY_KNOWN_HOSTS_FILE = new Setting("repository.known_hosts_file", "",
      false, "known_hosts for ssh host key checking (strict by default).");

  public static final Setting NAMESPACE = new Setting("namespace", "default",
      false, "Ownership mark and key prefix: a daemon only sees and removes what carries its namespace.");
  public static final Setting DATA_DIR = new Setting("data_dir", ".vamp",
      false, "Where the daemon keeps its files: the H2 ledger, the Git mirror, local process logs.");

  public static final Setting SCHEDULER_DRIVER = new Setting("scheduler.driver", "local",
      false, "The container scheduler: local (processes on this machine), kubernetes, marathon.");
  public static final Setting SCHEDULER_URI = new Setting("scheduler.uri", "",
      false, "The scheduler's address when it has one (a Marathon URL, a Kubernetes API URL).");
  public static final Setting KV_DRIVER = new Setting("kv.driver", "memory",
      false, "The key-value store shared with the gateway agents: memory, zookeeper, etcd, consul.");
  public static final Setting KV_URI = new Setting("kv.uri", "",
      false, "The store's address, e.g. etcd://h1:2379,h2:2379 or zookeeper://h1:2181/chroot.");
  public static final Setting LEDGER_DRIVER = new Setting("ledger.driver", "h2",
      false, "The revision ledger: h2 (a file under data_dir) or sql (any ledger.uri).");
  public static final Setting LEDGER_URI = new Setting("ledger.uri", "",
      false, "A JDBC URL for the ledger: jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:sqlserver:, jdbc:h2:.");
  public static final Setting LEDGER_USER = new Setting("ledger.user", "",
      false, "The ledger database user.");
  public static final Setting LEDGER_PASSWORD_FILE = new Setting("ledger.password_file", "",
      true, "A file holding the ledger database password.");
  public static final Setting LEDGER_PASSWORD_ENV = new Setting("ledger.password_env", "",
      false, "The name of an environment variable holding the ledger database password.");

  public static final Setting HTTP_BIND = new Setting("http.bind", "127.0.0.1",
      false, "Address of the HTTP API, webhook, /healthz and /readyz.");
  public static final Setting HTTP_PORT = new Setting("http.port", "8080",
      false, "Port of the HTTP API (0: any free port).");
  public static final Setting WEBHOOK_GITHUB_SECRET_FILE = new Setting("webhook.github_secret_file", "",
      true, "The GitHub webhook secret (X-Hub-Signature-256), from a file.");
  public static final Setting WEBHOOK_GITLAB_TOKEN_FILE = new Setting("webhook.gitlab_token_file", "",
      true, "The GitLab webhook token (X-Gitlab-Token), from a file.");
  public static final Setting WEBHOOK_HMAC_SECRET_FILE = new Setting("webhook.hmac_secret_file", "",
      true, "A secret for the generic X-Vamp-Signature: sha256=<hex> HMAC header, from a file.");
  public static final Setting WEBHOOK_SECRET_ENV = new Setting("webhook.secret_env", "",
      false, "The name of an environment variable holding the webhook secret (all three kinds).");

  public static final Setting GATEWAYS_HOST = new Setting("gateways.host", "127.0.0.1",
      false, "The address services reach each other through ($cluster.host): the gateway agents.");
  public static final Setting GATEWAYS_PORT_RANGE = new Setting("gateways.port_range", "40000-45000",
      false, "Ports given to gateways that name none (cluster gateways, standalone gateways without port).");
  public static final Setting GATEWAYS_VIRTUAL_HOST_DOMAIN = new Setting("gateways.virtual_host_domain", "",
      false, "When set, every http gateway also answers automatic virtual hosts under this domain.");
  public static final Setting GATEWAYS_BIND = new Setting("gateways.bind", "127.0.0.1",
      false, "The address the gateway agents' HAProxy binds gateway ports to (0.0.0.0 on a real gateway host).");
  public static final Setting GATEWAYS_RUN_DIR = new Setting("gateways.run_dir", "",
      false, "Where HAProxy keeps its sockets and server state on agent hosts (short: unix socket paths are"
          + " limited); default: data_dir/run when short enough, else a folder under /tmp.");
  public static final Setting GATEWAYS_SYSLOG = new Setting("gateways.syslog", "127.0.0.1:5140",
      false, "Where HAProxy sends its request log (the agent listens there); empty: no request log.");
  public static final Setting GATEWAYS_HEALTH_PORT = new Setting("gateways.health_port", "1988",
      false, "HAProxy's own /health frontend on every agent; empty: none.");
  public static final Setting GATEWAYS_VIRTUAL_HOSTS_PORT = new Setting("gateways.virtual_hosts_port", "",
      false, "The port serving every gateway's virtual hosts (80 on a real gateway host); empty: none.");
  public static final Setting ELASTICSEARCH_URI = new Setting("elasticsearch.uri", "",
      false, "Elasticsearch for events, request logs and metrics, e.g. http://es1:9200,http://es2:9200 or"
          + " elasticsearch://es1:9200; empty: events stay in the ledger. Credentials: elasticsearch.settings.*"
          + " (user, password, api-key, ca-file); secrets from the environment: VAMP_ELASTICSEARCH_SETTINGS_PASSWORD,"
          + " VAMP_ELASTICSEARCH_SETTINGS_API_KEY (any driver setting: VAMP_<SECTION>_SETTINGS_<KEY>).");
  public static final Setting AGENT_EMBEDDED = new Setting("agent.embedded", "auto",
      false, "Run a gateway agent inside the daemon, driving a local HAProxy: auto (when haproxy is on PATH),"
          + " true (fail without it), false (agents run elsewhere: vamp agent).");
  public static final Setting LOG_FORMAT = new Setting("log.format", "text",
      false, "Log lines: text (key=value) or json (one object per line, with revision, commit, deployment and"
          + " gateway from the context). Takes effect once the configuration is read; VAMP_LOG_FORMAT covers the"
          + " first lines too.");
  public static final Setting READY_TIMEOUT = new Setting("apply.ready_timeout", "120s",
      false, "How long to wait for new workloads to become ready before a revision fails (and is retried).");
  public static final Setting APPLY_PARALLELISM = new Setting("apply.parallelism", "4",
      false, "How many workloads of one revision are deployed at a time (1: one after another). Their order"
          + " among themselves does not matter: gateways are published only when all are ready.");
  public static final Setting EVENTS_RETENTION = new Setting("events.retention", "30d",
      false, "How long the ledger keeps events: older ones are deleted once an hour by the leader, only those"
          + " already delivered when elasticsearch.uri is set (Elasticsearch keeps its own); 0: forever.");

  public static final List<Setting> ALL = List.of(REPOSITORY_URL, REPOSITORY_BRANCH, REPOSITORY_PATH,
      REPOSITORY_POLL_INTERVAL, REPOSITORY_USERNAME, REPOSITORY_TOKEN_FILE, REPOSITORY_TOKEN_ENV,
      REPOSITORY_SSH_KEY_FILE, REPOSITORY_KNOWN_HOSTS_FILE, NAMESPACE, DATA_DIR, SCHEDULER_DRIVER, SCHEDULER_URI,
      KV_DRIVER, KV_URI, LEDGER_DRIVER, LEDGER_URI, LEDGER_USER, LEDGER_PASSWORD_FILE, LEDGER_PASSWORD_ENV,
      HTTP_BIND, HTTP_PORT, WEBHOOK_GITHUB_SECRET_FILE, WEBHOOK_GITLAB_TOKEN_FILE, WEBHOOK_HMAC_SECRET_FILE,
      WEBHOOK_SECRET_ENV, GATEWAYS_HOST, GATEWAYS_PORT_RANGE, GATEWAYS_VIRTUAL_HOST_DOMAIN, GATEWAYS_BIND,
      GATEWAYS_RUN_DIR, GATEWAYS_SYSLOG, GATEWAYS_HEALTH_PORT, GATEWAYS_VIRTUAL_HOSTS_PORT, ELASTICSEARCH_URI, AGENT_EMBEDDED,
      READY_TIMEOUT, APPLY_PARALLELISM, EVENTS_RETENTION, LOG_FORMAT);

  public static Optional<Setting> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }
}
