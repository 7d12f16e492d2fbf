package io.vamp.bench;

import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -Xmx512m -jar bench/target/vamp-bench.jar dsl [--services N] [--gateways N] [--warmup N]
 * [--runs N] [--write DIR]}: generates a repository and prints how long the model takes over it and
 * how much heap it needs. {@code --write DIR} also writes the repository out (for {@code vamp validate}
 * or a profiler) and measures nothing.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || !args[0].equals("dsl")) {
      usage();
      System.exit(2);
    }
    int services = 10_000;
    int gateways = 2_000;
    int warmups = 3;
    int runs = 7;
    Path write = null;
    for (int i = 1; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--services" -> services = Integer.parseInt(required(args[i], value));
        case "--gateways" -> gateways = Integer.parseInt(required(args[i], value));
        case "--warmup" -> warmups = Integer.parseInt(required(args[i], value));
        case "--runs" -> runs = Integer.parseInt(required(args[i], value));
        case "--write" -> write = Path.of(required(args[i], value));
        default -> {
          System.err.println("unknown option " + args[i]);
          usage();
          System.exit(2);
        }
      }
      i++;
    }
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.of(services, gateways);
    List<SourceFile> files = RepositoryGenerator.generate(shape);
    if (write != null) {
      for (SourceFile file : files) {
        Path path = write.resolve(file.path());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.text(), StandardCharsets.UTF_8);
      }
      System.out.printf(Locale.ROOT, "dsl-bench: wrote %d files (%d services, %d gateways) to %s%n", files.size(),
          shape.services(), shape.gateways(), write);
      return;
    }
    // the gateway port range is the daemon's default; the generated repository fits it
    ResolveContext context = ResolveContext.DEFAULT;
    System.out.printf(Locale.ROOT, "dsl-bench: %d files, %d KB of YAML: %d web deployments (%d with an external"
            + " gateway), %d batch deployments, %d standalone gateways; %d warm-up runs, %d measured%n",
        files.size(), files.stream().mapToLong(f -> f.text().length()).sum() / 1024, shape.webDeployments(),
        shape.externalGateways(), shape.batchDeployments(), shape.standaloneGateways(), warmups, runs);
    DslBenchmark.Result result = DslBenchmark.run(files, context, shape.services(), shape.gateways(), warmups, runs);
    System.out.printf(Locale.ROOT, "dsl-bench: first run in a cold JVM %.2f s; measured runs, wall (s): %s;"
            + " cpu of the evaluating thread (s): %s; heap kept by one evaluation's result %d MB%n",
        DslBenchmark.seconds(result.coldNanos()), seconds(result.runNanos()), seconds(result.cpuNanos()),
        DslBenchmark.mb(result.retainedBytes()));
    System.out.println(result.summary());
  }

  private static List<String> seconds(List<Long> nanos) {
    return nanos.stream().map(n -> String.format(Locale.ROOT, "%.3f", DslBenchmark.seconds(n))).toList();
  }

  private static String required(String option, String value) {
    if (value == null) {
      System.err.println(option + " needs a value");
      usage();
      System.exit(2);
    }
    return value;
  }

  private static void usage() {
    System.err.println("usage: java -Xmx512m -jar vamp-bench.jar dsl [--services N] [--gateways N] [--warmup N]"
        + " [--runs N] [--write DIR]");
  }
}
