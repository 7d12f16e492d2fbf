package io.vamp.reconciler.cli;

import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.Settings;
import io.vamp.reconciler.daemon.Daemon;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vamp run [REPO]}: the daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the daemon: follows a Git repository of Vamp artifacts and converges the scheduler",
        "and the key-value store toward its newest valid commit. With no configuration it runs workloads as",
        "local processes, keeps the ledger in an H2 file under .vamp/ and the gateways in process."})
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "REPO",
      description = "Repository: a local path or a file://, https:// or ssh:// URL (or repository.url)")
  String repository;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (YAML)")
  Path configFile;

  @Option(names = "--interval", paramLabel = "DURATION", description = "Poll interval, e.g. 1s (default 10s)")
  String interval;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP API port (default 8080; 0 for any)")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the daemon keeps its files (default .vamp)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (repository != null) {
      overrides.put(Settings.REPOSITORY_URL.key(), repository);
    }
    if (interval != null) {
      overrides.put(Settings.REPOSITORY_POLL_INTERVAL.key(), interval);
    }
    if (port != null) {
      overrides.put(Settings.HTTP_PORT.key(), String.valueOf(port));
    }
    if (dataDir != null) {
      overrides.put(Settings.DATA_DIR.key(), dataDir.toString());
    }
    Config config = Config.load(Optional.ofNullable(configFile), System.getenv()).with(overrides);
    io.vamp.reconciler.logging.LogFormat.apply(config.get(Settings.LOG_FORMAT));
    Daemon daemon = new Daemon(config, System.getenv(), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "vamp-shutdown"));
    daemon.start();
    daemon.awaitStop();
    return 0;
  }
}
