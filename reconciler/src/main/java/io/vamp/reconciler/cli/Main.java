package io.vamp.reconciler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code vamp} command: one subcommand per job, parsed by picocli. */
@Command(
    name = "vamp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Vamp GitOps: canary releases and A/B tests driven by a Git repository of Vamp artifacts.",
        "Push to deploy, review pull requests with 'vamp plan', roll back with 'git revert'."},
    subcommands = {ValidateCommand.class, RunCommand.class, StatusCommand.class, PlanCommand.class, BenchCommand.class,
        AgentCommand.class, ConfigCommand.class, HistoryCommand.class, ShowCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("vamp: " + e.getMessage());
          return 1;
        });
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
