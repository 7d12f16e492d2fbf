package io.vamp.reconciler.cli;

import io.vamp.reconciler.bench.ConvergeBenchmark;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vamp bench converge}: prints measured figures; asserts nothing. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs a benchmark on this machine and prints its figures.",
        "converge: commit -> applied latency (1 s polling, and the webhook), idle CPU and heap."})
final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "converge")
  String name;

  @Option(names = "--commits", description = "Commits measured per trigger (default ${DEFAULT-VALUE})")
  int commits = 10;

  @Option(names = "--idle-seconds", description = "How long idle CPU is measured (default ${DEFAULT-VALUE})")
  int idleSeconds = 30;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!name.equals("converge")) {
      spec.commandLine().getErr().println("vamp bench: unknown benchmark '" + name + "'; known: converge");
      return 1;
    }
    new ConvergeBenchmark(spec.commandLine().getOut(), commits, Duration.ofSeconds(idleSeconds)).run();
    spec.commandLine().getOut().flush();
    return 0;
  }
}
