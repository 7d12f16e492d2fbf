package io.vamp.reconciler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.model.json.StateJson;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vamp status}: asks a running daemon what it applied, what it attempted and what is wrong. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows a running daemon's state: phase, last applied and last attempted revision, problems.")
final class StatusCommand implements Callable<Integer> {

  @Option(names = "--api", paramLabel = "URL", description = "The daemon's API (default: ${DEFAULT-VALUE})")
  String api = "http://127.0.0.1:8080";

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
  String format = "text";

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response;
    try {
      response = client.send(HttpRequest.newBuilder(URI.create(api.replaceAll("/+$", "") + "/api/v1/status"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("vamp: no daemon answers at " + api + " (" + e.getMessage() + ")");
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (response.statusCode() != 200) {
      spec.commandLine().getErr().println("vamp: " + api + " answered " + response.statusCode());
      return 1;
    }
    if (format.equals("json")) {
      out.print(response.body());
      out.flush();
      return 0;
    }
    JsonNode status = StateJson.mapper().readTree(response.body());
    out.println("phase:          " + status.path("phase").asText());
    print(out, "last applied:   ", status.path("last_applied"));
    print(out, "last attempted: ", status.path("last_attempted"));
    if (status.path("problems").size() > 0) {
      out.println("problems:");
      status.path("problems").forEach(p -> out.println("  " + p.asText()));
    }
    out.flush();
    return status.path("problems").size() > 0 ? 1 : 0;
  }

  private static void print(PrintWriter out, String label, JsonNode revision) {
    if (revision.isMissingNode()) {
      out.println(label + "none");
      return;
    }
    String sha = revision.path("sha").asText();
    out.println(label + sha.substring(0, Math.min(12, sha.length())) + " " + revision.path("outcome").asText()
        + " \"" + revision.path("message").asText() + "\""
        + (revision.path("detail").asText().isEmpty() ? "" : " (" + revision.path("detail").asText() + ")"));
  }
}
