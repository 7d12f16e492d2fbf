package io.vamp.model.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.read.ReadResult;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.read.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical form: shorthands expanded, defaults written, a fixed key order. */
class ArtifactWriterTest {

  private static List<Artifact> read(String path, String text) {
    ReadResult result = new RepositoryReader().read(List.of(new SourceFile(path, text)));
    assertThat(result.problems()).isEmpty();
    return result.artifacts();
  }

  private static String written(String path, String text) {
    return ArtifactWriter.write(read(path, text).get(0));
  }

  @Test
  void breedShorthandsAreExpandedWithKindAndNameFirst() {
    String text = """
        ports: 8080
        deployable: magneticio/sava:1.0.0
        env:
          debug[SAVA_DEBUG]: yes
          PASSWORD: ~
        health_checks:
          port: port
          initial_delay: 90s
          timeout: 1500ms
        dependencies:
          db: mysql:5.*
        arguments:
          privileged: true
        name: sava:1.0.0
        metadata:
          z: last
          a: first
        """;
    assertThat(written("breeds/sava.yaml", text)).isEqualTo("""
        kind: breed
        name: sava:1.0.0
        metadata:
          a: first
          z: last
        deployable:
          type: container/docker
          definition: magneticio/sava:1.0.0
        ports:
          port: 8080/http
        environment_variables:
          debug[SAVA_DEBUG]: 'yes'
          PASSWORD: ~
        dependencies:
          db:
            reference: mysql:5.*
        arguments:
          - privileged: 'true'
        health_checks:
          - path: /
            port: port
            protocol: HTTP
            initial_delay: 90s
            timeout: 1500ms
            interval: 10s
            failures: 3
        """);
  }

  @Test
  void blueprintShorthandsAreExpanded() {
    String text = """
        name: sava
        gateways:
          9050: sava/web
          9060/tcp: db/db
        environment_variables:
          sava.MODE: canary
        dialect:
          marathon: {labels: {b: 2, a: 1}}
        clusters:
          sava:
            breed: sava:1.0.0
            scale: small
            marathon:
              uris: [x]
            gateways:
              sava:1.0.0: 100%
          db: mysql:5.7
        """;
    assertThat(written("blueprints/sava.yaml", text)).isEqualTo("""
        kind: blueprint
        name: sava
        gateways:
          9050:
            routes:
              sava/web: {}
          9060/tcp:
            routes:
              db/db: {}
        environment_variables:
          sava.MODE: canary
        dialects:
          marathon:
            labels:
              a: 1
              b: 2
        clusters:
          sava:
            services:
              - breed:
                  reference: sava:1.0.0
                scale:
                  reference: small
                dialects:
                  marathon:
                    uris:
                      - x
            gateways:
              routes:
                sava:1.0.0:
                  weight: 100%
          db:
            services:
              - breed:
                  reference: mysql:5.7
        """);
  }

  @Test
  void perPortClusterGatewaysAndRouteDetailsKeepTheirForm() {
    String text = """
        name: app
        clusters:
          app:
            services: [app:1, app:2]
            gateways:
              web:
                sticky: instance
                routes:
                  app:1: {weight: 90%, balance: leastconn}
                  app:2:
                    weight: 10%
                    condition: User-Agent = Firefox
                    condition_strength: 50%
                    rewrites: [{path: "/b%[path] if { path_beg /a }"}]
              admin:
                routes: {}
        """;
    assertThat(written("blueprints/app.yaml", text)).isEqualTo("""
        kind: blueprint
        name: app
        clusters:
          app:
            services:
              - breed:
                  reference: app:1
              - breed:
                  reference: app:2
            gateways:
              web:
                sticky: instance
                routes:
                  app:1:
                    weight: 90%
                    balance: leastconn
                  app:2:
                    weight: 10%
                    condition: User-Agent = Firefox
                    condition_strength: 50%
                    rewrites:
                      - path: /b%[path] if { path_beg /a }
              admin:
                routes: {}
        """);
  }

  @Test
  void deploymentGatewayScaleSlaAndEscalationInCanonicalForm() {
    String text = """
        kind: deployment
        name: sava
        blueprint: sava:1.0
        clusters:
          sava:
            gateways:
              routes:
                sava:1.0.0: 100%
        ---
        kind: gateway
        name: front
        routes:
          "[10.0.0.1:8080]": 100%
        port: 9070
        ---
        kind: scale
        name: small
        memory: 1.5gb
        ---
        kind: sla
        name: slow
        threshold: {lower: 100, upper: 1000}
        window: {interval: 90, cooldown: 2h}
        escalations:
          - to_one:
              escalations:
                - {type: scale_cpu, minimum: 0.50, maximum: 2}
                - more
        ---
        kind: escalation
        name: more
        type: scale_memory
        minimum: 1GB
        maximum: 2048
        """;
    assertThat(ArtifactWriter.writeAll(read("all.yaml", text))).isEqualTo("""
        ---
        kind: deployment
        name: sava
        blueprints:
          - reference: sava:1.0
        clusters:
          sava:
            gateways:
              routes:
                sava:1.0.0:
                  weight: 100%
        ---
        kind: gateway
        name: front
        port: 9070/http
        routes:
          '[10.0.0.1:8080]':
            weight: 100%
        ---
        kind: scale
        name: small
        cpu: 0
        memory: 1536MB
        instances: 1
        ---
        kind: sla
        name: slow
        type: response_time_sliding_window
        threshold:
          upper: 1000
          lower: 100
        window:
          interval: 90s
          cooldown: 2h
        escalations:
          - to_one:
              escalations:
                - type: scale_cpu
                  minimum: 0.50
                  maximum: 2
                  scale_by: 1
                - reference: more
        ---
        kind: escalation
        name: more
        type: scale_memory
        minimum: 1024MB
        maximum: 2048MB
        scale_by: 1MB
        """);
  }

  @Test
  void namedAndInlineConditionsOnRoutes() {
    String text = """
        name: g
        routes:
          "[10.0.0.1:80]":
            condition: {reference: firefox}
          "[10.0.0.2:80]":
            condition: {name: mobile, condition: has header X-Mobile}
          "[10.0.0.3:80]":
            condition: "host == 'a b'"
        """;
    assertThat(written("gateways/g.yaml", text)).isEqualTo("""
        kind: gateway
        name: g
        routes:
          '[10.0.0.1:80]':
            condition:
              reference: firefox
          '[10.0.0.2:80]':
            condition:
              name: mobile
              condition: has header X-Mobile
          '[10.0.0.3:80]':
            condition: host == 'a b'
        """);
  }

  @Test
  void writingTwiceGivesTheSameText() {
    String text = """
        kind: breed
        name: b
        deployable:
          type: javascript
          definition: |
            run();
              indented();
        """;
    String once = written("b.yaml", text);
    assertThat(written("b.yaml", once)).isEqualTo(once);
    assertThat(once).contains("definition: |\n    run();\n      indented();\n");
  }
}
