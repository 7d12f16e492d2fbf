package io.vamp.bench;

import io.vamp.model.read.SourceFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a realistic Vamp repository of a given size as YAML text, in memory: the input of the DSL
 * benchmark. Every construct the model resolves at scale is there, and the repository evaluates
 * without a problem (the benchmark checks that before it measures).
 *
 * <ul>
 *   <li>Web deployments ({@code shop-NNNN}): four versions of a web breed in a canary ({@code web}
 *       cluster, 70/10/10/10 routes, one route by a named condition and strength, one by an inline
 *       condition), and a worker ({@code worker} cluster) that depends on the web breeds by a
 *       {@code 1.*} prefix and interpolates {@code $api.host:$api.ports.http}. Two blueprints per
 *       deployment, merged in order; named and inline scales; one in two with an external gateway;
 *       one in ten with a named SLA. One internal gateway each ({@code web/http}).</li>
 *   <li>Batch deployments ({@code jobs-NNNN}): five services without ports in the deployment's own
 *       clusters (no blueprints), interpolating constants of another cluster; no gateways.</li>
 *   <li>Standalone gateways ({@code edge-NNNN}): weighted routes to two web deployments' ports, one
 *       by a condition, one in ten also to a {@code [host:port]} target; sticky, a virtual host;
 *       half with a port of their own, half assigned one.</li>
 * </ul>
 * Each deployment has five services, so a repository of S services has S/5 deployments; of G
 * gateways, a quarter are standalone and the rest split two to one between internal and external.
 */
public final class RepositoryGenerator {

  /** How many of each thing to write. */
  public record Shape(int webDeployments, int externalGateways, int batchDeployments, int standaloneGateways) {
    public static final int SERVICES_PER_DEPLOYMENT = 5;

    public Shape {
      if (webDeployments < 2 || externalGateways > webDeployments || batchDeployments < 0 || standaloneGateways < 0) {
        throw new IllegalArgumentException("bad shape: " + webDeployments + " web, " + externalGateways
            + " external, " + batchDeployments + " batch, " + standaloneGateways + " standalone");
      }
    }

    /** The shape with {@code services} services and {@code gateways} gateways in the desired state. */
    public static Shape of(int services, int gateways) {
      if (services % SERVICES_PER_DEPLOYMENT != 0) {
        throw new IllegalArgumentException("services must be a multiple of " + SERVICES_PER_DEPLOYMENT);
      }
      int deployments = services / SERVICES_PER_DEPLOYMENT;
      int standalone = gateways / 4;
      int rest = gateways - standalone;
      int web = (rest * 2 + 2) / 3;
      int external = rest - web;
      if (web > deployments) {
        throw new IllegalArgumentException(gateways + " gateways need more than " + services + " services");
      }
      return new Shape(web, external, deployments - web, standalone);
    }

    public int services() {
      return (webDeployments + batchDeployments) * SERVICES_PER_DEPLOYMENT;
    }

    public int gateways() {
      return webDeployments + externalGateways + standaloneGateways;
    }
  }

  private static final int EXTERNAL_PORT_BASE = 20_000;
  private static final int STANDALONE_PORT_BASE = 30_000;
  private static final String[] WEB_VERSIONS = {"1.0.0", "1.1.0", "1.2.0", "1.3.0"};
  private static final String[] JOBS = {"a", "b", "c", "d"};

  private RepositoryGenerator() {}

  public static List<SourceFile> generate(Shape shape) {
    List<SourceFile> files = new ArrayList<>();
    files.add(new SourceFile("scales/common.yaml", """
        kind: scale
        name: small
        cpu: 0.2
        memory: 256MB
        instances: 1
        ---
        kind: scale
        name: medium
        cpu: 500m
        memory: 1Gi
        instances: 2
        """));
    files.add(new SourceFile("conditions/common.yaml", """
        kind: condition
        name: beta-users
        condition: has cookie beta
        ---
        name: firefox
        condition: user-agent == Firefox
        """));
    files.add(new SourceFile("slas/fast.yaml", """
        kind: sla
        name: fast
        threshold: { upper: 800, lower: 100 }
        window: { interval: 60s, cooldown: 5m }
        escalations:
          - scale-up
          - to_one:
              escalations:
                - { type: scale_cpu, minimum: 0.2, maximum: 2, scale_by: 0.2 }
        """));
    files.add(new SourceFile("escalations/scale-up.yaml", """
        name: scale-up
        type: scale_instances
        minimum: 1
        maximum: 5
        """));
    for (int i = 1; i <= shape.webDeployments(); i++) {
      String name = "shop-" + number(i);
      files.add(new SourceFile("breeds/" + name + ".yaml", webBreeds(name)));
      files.add(new SourceFile("blueprints/" + name + ".yaml",
          webBlueprints(name, i <= shape.externalGateways() ? EXTERNAL_PORT_BASE + i : 0)));
      files.add(new SourceFile("deployments/" + name + ".yaml", webDeployment(name, i % 10 == 0)));
    }
    for (int i = 1; i <= shape.batchDeployments(); i++) {
      String name = "jobs-" + number(i);
      files.add(new SourceFile("breeds/" + name + ".yaml", batchBreeds(name)));
      files.add(new SourceFile("deployments/" + name + ".yaml", batchDeployment(name)));
    }
    for (int i = 1; i <= shape.standaloneGateways(); i++) {
      files.add(new SourceFile("gateways/edge-" + number(i) + ".yaml", standaloneGateway(i, shape.webDeployments())));
    }
    return files;
  }

  private static String number(int i) {
    return String.format("%04d", i);
  }

  private static String webBreeds(String name) {
    StringBuilder yaml = new StringBuilder("# the web versions of ").append(name).append(" and its worker\n");
    for (String version : WEB_VERSIONS) {
      yaml.append("""
          kind: breed
          name: %1$s-web:%2$s
          deployable: registry.example.com/shop/web:%2$s
          ports:
            http: 8080/http
          environment_variables:
            SHOP_ID: %1$s
            VERSION: "%2$s"
            GREETING: Hello from %1$s web %2$s
            QUEUE_NAME: $worker.constants.QUEUE
            debug[WEB_DEBUG]: "false"
          health_checks:
            path: /health
            port: http
            interval: 10s
            timeout: 2s
          ---
          """.formatted(name, version));
    }
    yaml.append("""
        kind: breed
        name: %1$s-worker:1.0.0
        deployable:
          type: command
          definition: java -jar worker.jar --shop %1$s
        dependencies:
          api: %1$s-web:1.*
        constants:
          QUEUE: %1$s-jobs
        environment_variables:
          API_URL: http://$api.host:$api.ports.http/v1
          QUEUE_NAME: ${QUEUE}
          PRICE_FORMAT: $$0.00
          DB_PASSWORD: ~
        arguments:
          - log-level: info
        """.formatted(name));
    return yaml.toString();
  }

  private static String webBlueprints(String name, int externalPort) {
    String gateways = externalPort == 0 ? "" : "gateways:\n  " + externalPort + "/http: web/http\n";
    return """
        kind: blueprint
        name: %1$s:1.0.0
        %2$sclusters:
          web:
            services:
              - breed: %1$s-web:1.0.0
                scale: small
              - breed: %1$s-web:1.1.0
                scale: small
          worker:
            services:
              breed: %1$s-worker:1.0.0
              scale: { cpu: 0.25, memory: 256MB, instances: 2 }
        ---
        kind: blueprint
        name: %1$s:1.1.0
        clusters:
          web:
            services:
              - breed: { ref: %1$s-web:1.2.0 }
                scale: medium
              - %1$s-web:1.3.0
        """.formatted(name, gateways);
  }

  private static String webDeployment(String name, boolean sla) {
    return """
        kind: deployment
        name: %1$s
        blueprints: [ %1$s:1.0.0, %1$s:1.1.0 ]
        clusters:
          web:
            gateways:
              routes:
                %1$s-web:1.0.0: { weight: 70%% }
                %1$s-web:1.1.0: { weight: 10%% }
                %1$s-web:1.2.0:
                  weight: 10%%
                  condition: { ref: beta-users }
                  condition_strength: 50%%
                %1$s-web:1.3.0:
                  weight: 10%%
                  condition: user-agent == Firefox
        %2$senvironment_variables:
          worker.DB_PASSWORD: secret-%1$s
        """.formatted(name, sla ? "    sla: fast\n" : "");
  }

  private static String batchBreeds(String name) {
    StringBuilder yaml = new StringBuilder();
    for (String job : JOBS) {
      yaml.append("""
          kind: breed
          name: %1$s-%2$s:1.0.0
          deployable: registry.example.com/jobs/%2$s:1.0.0
          constants:
            QUEUE: %1$s-%2$s
          environment_variables:
            JOB: %2$s
            QUEUE_NAME: $QUEUE
          ---
          """.formatted(name, job));
    }
    yaml.append("""
        kind: breed
        name: %1$s-scheduler:1.0.0
        deployable: { type: command, definition: java -jar scheduler.jar }
        environment_variables:
          FIRST_QUEUE: $jobs.constants.QUEUE
          TOKEN: ~
          RUN_AT: 0 3 * * *
        """.formatted(name));
    return yaml.toString();
  }

  private static String batchDeployment(String name) {
    StringBuilder yaml = new StringBuilder("kind: deployment\nname: ").append(name).append("\n")
        .append("clusters:\n  jobs:\n    services:\n");
    for (String job : JOBS) {
      yaml.append("      - breed: ").append(name).append('-').append(job).append(":1.0.0\n")
          .append("        scale: { cpu: 500m, memory: 1Gi, instances: 1 }\n");
    }
    return yaml.append("""
          scheduler:
            breed: %1$s-scheduler:1.0.0
            scale: small
        environment_variables:
          scheduler.TOKEN: token-%1$s
        """.formatted(name)).toString();
  }

  private static String standaloneGateway(int i, int webDeployments) {
    String first = "shop-" + number(1 + (2 * i) % webDeployments);
    String second = "shop-" + number(1 + (2 * i + 1) % webDeployments);
    StringBuilder yaml = new StringBuilder("kind: gateway\nname: edge-" + number(i) + "\n");
    if (i % 2 == 1) {
      yaml.append("port: ").append(STANDALONE_PORT_BASE + i).append("/http\n");
    }
    yaml.append("sticky: route\n")
        .append("virtual_hosts: [ edge-").append(number(i)).append(".example.com ]\n")
        .append("routes:\n")
        .append("  ").append(first).append("/web/http:\n")
        .append("    weight: 80%\n")
        .append("  ").append(second).append("/web/http:\n")
        .append("    weight: 20%\n")
        .append("    condition: { ref: beta-users }\n")
        .append("    condition_strength: 100%\n");
    if (i % 10 == 0) {
      yaml.append("  \"[10.1.").append(i / 250).append('.').append(i % 250 + 1).append(":8080]\": 0%\n");
    }
    return yaml.toString();
  }
}
