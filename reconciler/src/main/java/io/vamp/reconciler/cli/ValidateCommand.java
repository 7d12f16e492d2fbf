package io.vamp.reconciler.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.json.StateJson;
import io.vamp.model.problem.Problem;
import io.vamp.model.read.ReadResult;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.resolve.ResolveResult;
import io.vamp.model.resolve.Resolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vamp validate [PATH]}: every problem of a repository, offline; exit 1 on any. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Checks a repository of Vamp artifacts: reads, validates and resolves every YAML file.",
        "Prints each problem as file:line:col: message and exits 1 if there is any, 0 otherwise."})
final class ValidateCommand implements Callable<Integer> {

  enum Format { TEXT, JSON }

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Repository directory (default: .)")
  Path path = Path.of(".");

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
  Format format = Format.TEXT;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ReadResult read = new RepositoryReader().read(path);
    List<Problem> problems = read.problems();
    if (read.ok()) {
      ResolveResult resolved = new Resolver(ResolveContext.DEFAULT).resolve(read.artifacts());
      problems = resolved.problems();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      ObjectNode root = StateJson.mapper().createObjectNode();
      root.put("valid", problems.isEmpty());
      root.put("artifacts", read.artifacts().size());
      ArrayNode list = root.putArray("problems");
      for (Problem problem : problems) {
        list.addObject().put("file", problem.file()).put("line", problem.line()).put("column", problem.column())
            .put("path", problem.path()).put("message", problem.message());
      }
      out.print(StateJson.text(root));
    } else {
      problems.forEach(out::println);
    }
    out.flush();
    return problems.isEmpty() ? 0 : 1;
  }
}
