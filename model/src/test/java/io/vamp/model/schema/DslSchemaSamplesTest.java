package io.vamp.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.artifact.Kind;
import io.vamp.model.problem.Problem;
import io.vamp.model.yaml.YNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small documents held against both the schema and the model's strict reader: shorthand forms both
 * accept, and mistakes both refuse. The schema must never refuse what the reader accepts (editors
 * would show false errors); where it cannot see a mistake (references, weight totals) it is not asked to.
 */
class DslSchemaSamplesTest {
  private static final SchemaValidator ROOT = SchemaValidator.root();

  static Stream<Arguments> accepted() {
    return Stream.of(
        sample("breed: deployable, ports and health check shorthands, env alias key", "breeds", """
            kind: breed
            name: web:1.0.0
            deployable: magneticio/sava:1.0.0
            ports: 8080
            env:
              PORT: 8080
              debug[WEB_DEBUG]: "false"
              SECRET: ~
            constants:
              SCHEMA: orders
            dependencies:
              db: ledger-db:1.*
              cache: { ref: redis:5 }
              queue:
                name: queue:1.0
                deployable: rabbitmq:3
            arguments:
              - privileged: true
              - log-level: info
            healthchecks:
              port: port
            """),
        sample("breed: typed deployable, protocol in any case, list of health checks, argument map", "", """
            kind: Breeds
            name: tiny-db
            metadata:
              team/owner: data
              tier: 2
            deployable:
              type: CMD
              definition: java apps/TinyDb.java
            ports:
              sql: 5432/TCP
              admin: "9000"
            arguments:
              log-level: debug
            health_checks:
              - path: /health
                port: admin
                protocol: https
                initial_delay: 10s
                timeout: 2 seconds
                interval: 1m
                failures: 5
            """),
        sample("breed without kind under breeds/ (root schema)", "breeds", """
            name: plain
            deployable:
              definition: nginx:1.25
            """),
        sample("blueprint: cluster shorthands, external gateway shorthand, scoped env, direct dialect", "", """
            kind: blueprint
            name: shop:1.0.0
            gateways:
              9050/http: web/port
              9051:
                sticky: instance
                virtual_hosts: [ shop.example.com, "*.shop.example.com" ]
                routes:
                  web/port: 100%
            clusters:
              web: web:1.0.0
              api:
                breed: api:1.0.0
                scale: { cpu: 500m, memory: 1Gi, instances: 2 }
                marathon: { container: { docker: { forcePullImage: true } } }
                gateways:
                  sticky: route
                  routes:
                    api:1.0.0: 100%
              worker:
                services:
                  breed: { ref: worker:2 }
                  scale: small
                  env: { QUEUE: jobs }
                healthchecks: ~
                dialects:
                  kubernetes: { labels: { app: worker } }
            environment_variables:
              web.GREETING: hello
              api.TOKEN[API_TOKEN]: $$secret
            """),
        sample("blueprint: per-port cluster gateways, route details, inline SLA with escalations", "", """
            kind: blueprint
            name: sava:1.2.0
            clusters:
              sava:
                services:
                  - breed: sava:1.0.0
                  - breed: sava:1.1.0
                    scale:
                      name: tiny
                      instances: 1
                gateways:
                  web:
                    sticky: ~
                    routes:
                      sava:1.0.0: 90
                      sava:1.1.0:
                        weight: 10.0%
                        condition: user-agent == Firefox
                        condition_strength: 50%
                        balance: LeastConn
                        rewrites:
                          - path: /new if path_beg /old
                sla:
                  type: response_time_sliding_window
                  threshold: { upper: 1000, lower: 100 }
                  window: { interval: 600, cooldown: 5m }
                  escalations:
                    - scale-up
                    - { ref: notify }
                    - type: scale_instances
                      target: sava
                      minimum: 1
                      maximum: 3
                      scale_by: 1
                    - to_all:
                        escalations: [ a, b ]
            """),
        sample("deployment: one blueprint by name, cluster override with a named condition", "", """
            kind: deployment
            name: sava
            blueprint: sava:1.0.0
            clusters:
              sava:
                gateways:
                  routes:
                    sava:1.0.0: { weight: 90% }
                    sava:1.1.0:
                      weight: 10%
                      condition: { ref: firefox-users }
                      condition_strength: 100%
            environment_variables:
              sava.DB_PASSWORD: demo
            """),
        sample("deployment: inline blueprint and own clusters", "deployments", """
            name: orders
            blueprints:
              - orders:1.0.0
              - reference: extras
              - name: orders-extra
                clusters:
                  audit: audit:1.0.0
            clusters:
              cache:
                breed:
                  name: redis:7
                  deployable: redis:7
                  ports: { redis: 6379/tcp }
            """),
        sample("gateway: routes to deployments and [host:port], virtual hosts, inline condition", "", """
            kind: gateway
            name: front
            port: 8080
            sticky: NONE
            virtual_hosts: [ front.example.com ]
            routes:
              sava/sava/web:
                weight: 60%
                condition: { condition: has cookie beta }
              orders/9060: 30
              "[10.0.0.7:8080]": 10%
              other-gateway: 0%
            """),
        sample("gateway: a selector and a protocol-only port", "gateways", """
            name: by-label
            port: /http
            selector: label(app)(sava)
            """),
        sample("scale, condition (definition alias), sla and escalations at top level", "", """
            kind: scale
            name: small
            memory: 0.5GB
            ---
            kind: condition
            name: beta
            definition: has cookie beta
            ---
            kind: sla
            name: fast
            threshold: { upper: 500, lower: 50 }
            window: { interval: 30s, cooldown: 2m }
            ---
            kind: escalation
            name: more-cpu
            type: scale_cpu
            minimum: 0.5
            maximum: 4
            scale_by: 0.5
            ---
            kind: escalation
            name: notify-one
            to_one:
              escalations: [ more-cpu, { type: scale_memory, minimum: 256MB, maximum: 2GB } ]
            """));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        refusal("an unknown key", "'deployables'", """
            kind: breed
            name: web
            deployable: nginx
            deployables: nginx
            """),
        refusal("an unknown kind", "/kind", """
            kind: breeder
            name: web
            deployable: nginx
            """),
        refusal("weight text that is no percentage", "/routes/a/weight", """
            kind: gateway
            name: g
            routes:
              a: { weight: ninety }
            """),
        refusal("a weight above 100%", "/routes/a: does not match", """
            kind: gateway
            name: g
            routes:
              a: 120%
            """),
        refusal("sticky: sometimes", "/sticky", """
            kind: gateway
            name: g
            sticky: sometimes
            routes: { a: 100% }
            """),
        refusal("a port number out of range", "/ports/web", """
            kind: breed
            name: web
            deployable: nginx
            ports: { web: 70000/http }
            """),
        refusal("an unknown protocol", "/ports/web", """
            kind: breed
            name: web
            deployable: nginx
            ports: { web: 8080/udp }
            """),
        refusal("an environment variable name with a dash", "'MY-VAR'", """
            kind: breed
            name: web
            deployable: nginx
            environment_variables: { MY-VAR: x }
            """),
        refusal("an unsafe artifact name", "/name", """
            kind: breed
            name: ../etc/passwd
            deployable: nginx
            """),
        refusal("env and environment_variables both", "{\"required\":[\"env\"]}", """
            kind: breed
            name: web
            deployable: nginx
            env: { A: x }
            environment_variables: { B: y }
            """),
        refusal("a blueprint without clusters", "'clusters' not found", """
            kind: blueprint
            name: empty
            """),
        refusal("an unknown balance", "/routes/a/balance", """
            kind: gateway
            name: g
            routes:
              a: { balance: fastest }
            """),
        refusal("a health check path without a leading slash", "/health_checks/path", """
            kind: breed
            name: web
            deployable: nginx
            ports: { web: 80 }
            health_checks: { path: health, port: web }
            """),
        refusal("virtual hosts on a cluster gateway", "'virtual_hosts'", """
            kind: blueprint
            name: b
            clusters:
              c:
                breed: web
                gateways:
                  virtual_hosts: [ a.example.com ]
            """),
        refusal("a deployment without blueprints or clusters", "'blueprints' not found", """
            kind: deployment
            name: d
            """),
        refusal("a gateway without routes or selector", "'selector' not found", """
            kind: gateway
            name: g
            port: 8080/http
            """),
        refusal("memory that is no size", "/memory", """
            kind: scale
            name: s
            memory: lots
            """),
        refusal("a duration in an unknown unit", "/health_checks/timeout", """
            kind: breed
            name: web
            deployable: nginx
            health_checks: { port: web, timeout: 5 fortnights }
            """),
        refusal("a scaling escalation without maximum", "'maximum' not found", """
            kind: escalation
            name: e
            type: scale_instances
            minimum: 1
            """),
        refusal("an unknown dialect", "'nomad'", """
            kind: blueprint
            name: b
            clusters: { c: web }
            dialects: { nomad: { datacenter: x } }
            """),
        refusal("one dialect given twice", "/dialects: must not be valid", """
            kind: blueprint
            name: b
            clusters: { c: web }
            marathon: { a: 1 }
            dialects: { marathon: { b: 2 } }
            """),
        refusal("a reference with another key", "/clusters/c/breed: property 'name'", """
            kind: blueprint
            name: b
            clusters:
              c:
                breed: { ref: web, name: other }
            """),
        refusal("an empty list of services", "at least 1 items", """
            kind: blueprint
            name: b
            clusters:
              c: { services: [] }
            """),
        refusal("a kind key inside an inline breed", "/clusters/c/breed: property 'kind'", """
            kind: blueprint
            name: b
            clusters:
              c:
                breed: { kind: breed, name: web, deployable: nginx }
            """),
        refusal("a blueprint variable without its cluster", "'GREETING'", """
            kind: blueprint
            name: b
            clusters: { c: web }
            environment_variables: { GREETING: hi }
            """),
        refusal("a document that is not a map", "array found, object expected", """
            - kind: breed
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void readerAndSchemaAccept(String name, String folder, String yaml) {
    Optional<Kind> folderKind = Kind.ofFolder(folder);
    for (YNode document : SchemaValidator.documents(folder + "/sample.yaml", yaml)) {
      List<Problem> problems = SchemaValidator.readerProblems("sample.yaml", document, folderKind);
      assertThat(problems).as("the reader accepts it (else the sample is wrong)").isEmpty();
      assertThat(ROOT.errors(YamlJson.toJson(document))).as("schema errors").isEmpty();
      folderKind.ifPresent(kind -> assertThat(SchemaValidator.inFolder(kind).errors(YamlJson.toJson(document)))
          .as("schema errors under " + folder + "/").isEmpty());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void readerAndSchemaRefuse(String name, String expectedError, String yaml) {
    List<YNode> documents = SchemaValidator.documents("sample.yaml", yaml);
    assertThat(documents).hasSize(1);
    YNode document = documents.get(0);
    assertThat(SchemaValidator.readerProblems("sample.yaml", document, Optional.empty()))
        .as("the reader refuses it (else the sample is wrong)").isNotEmpty();
    assertThat(ROOT.errors(YamlJson.toJson(document))).as("schema errors")
        .anySatisfy(error -> assertThat(error).contains(expectedError));
  }

  private static Arguments sample(String name, String folder, String yaml) {
    return Arguments.of(name, folder, yaml);
  }

  /** A mistake, with a fragment of the schema error that must name it. */
  private static Arguments refusal(String name, String expectedError, String yaml) {
    return Arguments.of(name, expectedError, yaml);
  }
}
