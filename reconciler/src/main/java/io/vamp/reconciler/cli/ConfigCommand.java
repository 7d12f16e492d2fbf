package io.vamp.reconciler.cli;

import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.ConfigException;
import io.vamp.reconciler.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vamp config reference|check}: the configuration reference, and a file checked by the real loader. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "The configuration: its reference page, or a file checked the way 'vamp run' reads it.",
    subcommands = {ConfigCommand.Reference.class, ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "reference", mixinStandardHelpOptions = true,
      description = "Prints every setting (YAML key, environment variable, default, meaning) as markdown.")
  static final class Reference implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.print(ConfigReference.markdown());
      out.flush();
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Loads a configuration file through the daemon's loader (without the environment) and",
          "prints each problem as file:line:col: message, or 'ok'. Exit 1 on any problem."})
  static final class Check implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "Configuration file (YAML)")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      try {
        Config config = Config.load(Optional.of(file), Map.of());
        // the typed values the daemon reads at start, so a bad duration or range is found here too
        config.duration(Settings.REPOSITORY_POLL_INTERVAL);
        config.duration(Settings.READY_TIMEOUT);
        config.integer(Settings.APPLY_PARALLELISM, 1, 64);
        config.duration(Settings.EVENTS_RETENTION);
        config.integer(Settings.HTTP_PORT);
        config.range(Settings.GATEWAYS_PORT_RANGE);
        config.optional(Settings.GATEWAYS_HEALTH_PORT).ifPresent(p -> config.integer(Settings.GATEWAYS_HEALTH_PORT));
        config.optional(Settings.GATEWAYS_VIRTUAL_HOSTS_PORT)
            .ifPresent(p -> config.integer(Settings.GATEWAYS_VIRTUAL_HOSTS_PORT));
      } catch (ConfigException e) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(e.getMessage());
        out.flush();
        return 1;
      }
      spec.commandLine().getOut().println("ok");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
