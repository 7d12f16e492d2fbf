package io.vamp.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Value syntaxes (percentages, durations, memory, CPUs, ports, case-insensitive words) accepted by the
 * schema exactly when the reader accepts them: each value is written into a small document, as YAML
 * source, so it is typed the way the reader types it.
 */
class ValueSyntaxTest {
  private static final SchemaValidator ROOT = SchemaValidator.root();

  @Test
  void percentages() {
    agree("kind: gateway\nname: g\nroutes:\n  a: { weight: %s }\n",
        "0", "0%", "90", "90%", "90 %", "90.0%", "90.00", "100", "100%", "007%", "101", "120%", "-1", "90.5",
        "90.5%", "ninety", "'90'", "\"90%\"", "1000", "~", "true", "[]", "9 0");
  }

  // Not listed: YAML 1.1 numbers with underscores (1_000). YamlJson makes them numbers, so the schema
  // accepts them where the reader's text patterns (durations, percentages, ports, memory) do not.
  @Test
  void durations() {
    agree("kind: breed\nname: b\ndeployable: d\nhealth_checks: { port: p, timeout: %s }\n",
        "0", "30", "30s", "30 s", "500ms", "1m", "2 minutes", "1h", "3hrs", "10sec", "'10'", "1.5s", "-1s", "5 days",
        "5S", "s", "~", "30s ");
  }

  @Test
  void memory() {
    agree("kind: scale\nname: s\nmemory: %s\n",
        "256", "256MB", "256mb", "256 MB", "2GB", "1.5gb", "512Mi", "1Gi", "1024Ki", "1024kib", "1TB", "lots", "-1",
        "0.5", "'256'", "256M", "1G", "1.GB", ".5GB", "~");
  }

  @Test
  void cpus() {
    agree("kind: scale\nname: s\ncpu: %s\n",
        "0.5", "2", "500m", "500 m", "'0.5'", "-1", "0.5m", "1e3", "half", "500M", "~");
  }

  @Test
  void breedPorts() {
    agree("kind: breed\nname: b\ndeployable: d\nports: { web: %s }\n",
        "8080", "8080/http", "8080/HTTP", "9023/tcp", "1", "65535", "65536", "0", "08080", "123456", "8080/udp",
        "/http", "'8080'", "8080 /http", "' 8080/http '", "http", "~");
  }

  @Test
  void gatewayPorts() {
    agree("kind: gateway\nname: g\nselector: name(s)\nport: %s\n",
        "8080", "8080/http", "/http", "/tcp", "/", "0", "70000", "9050/TCP", "http", "~");
  }

  @Test
  void externalGatewayPorts() {
    agree("kind: blueprint\nname: b\nclusters: { c: web }\ngateways:\n  %s: c/port\n",
        "9050", "9050/http", "'9050/tcp'", "/http", "0", "99999", "9050/udp", "web");
  }

  @Test
  void wordsInAnyCase() {
    agree("kind: gateway\nname: g\nsticky: %s\nroutes: { a: 100% }\n",
        "route", "ROUTE", "Instance", "none", "NONE", "~", "sometimes", "' route'");
    agree("kind: gateway\nname: g\nroutes:\n  a: { balance: %s }\n",
        "roundrobin", "LEASTCONN", "static-rr", "' uri '", "fastest", "~");
    agree("kind: breed\nname: b\ndeployable: { type: %s, definition: d }\n",
        "docker", "container/docker", "DOCKER", "container", "command", "cmd", "js", "javascript",
        "application/javascript", "' docker '", "rkt", "~");
    agree("kind: breed\nname: b\ndeployable: d\nhealth_checks: { port: p, protocol: %s }\n",
        "HTTP", "https", "Http", "tcp", "' HTTP'");
    agree("kind: %s\nname: s\ninstances: 1\n", "scale", "scales", "SCALE", "' Scale '", "scaler", "breed");
  }

  @Test
  void routeTargets() {
    agree("kind: gateway\nname: g\nroutes:\n  %s: ~\n",
        "a", "sava:1.0.0", "d/c", "d/c/p", "d/c/s/p", "d/c/s/p/x", "'[10.0.0.1:80]'", "'[example.com:8080]'",
        "'[example.com]'", "'[bad host:80]'", "'[a:0]'", "'[a:99999]'", "'a..b'", "'/a'", "'a//b'");
  }

  @Test
  void rewrites() {
    agree("kind: gateway\nname: g\nroutes:\n  a:\n    rewrites: [ { path: %s } ]\n",
        "'/new if path_beg /old'", "'/a if b'", "'  /a if b  '", "'if b'", "'/a if'", "'/a  if  b'",
        "'/a # if b'", "'/a if b # c'", "'/a iff b'", "'/a\tif b'", "'/a if { b }'");
  }

  private static void agree(String template, String... values) {
    List<String> disagreements = new ArrayList<>();
    for (String value : values) {
      String yaml = template.replace("%s", value);
      List<YNode> documents = SchemaValidator.documents("value.yaml", yaml);
      YNode document = documents.get(0);
      boolean reader = SchemaValidator.readerProblems("value.yaml", document, Optional.empty()).isEmpty();
      List<String> errors = ROOT.errors(YamlJson.toJson(document));
      if (reader != errors.isEmpty()) {
        disagreements.add(value + ": reader " + (reader ? "accepts" : "refuses") + ", schema "
            + (errors.isEmpty() ? "accepts" : "refuses " + errors));
      }
    }
    assertThat(disagreements).as(template).isEmpty();
  }
}
