package io.vamp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vamp.testing.internal.ElasticsearchNodeMain;

/**
 * One Elasticsearch 7.10.2 node (org.codelibs:elasticsearch-cluster-runner, OSS modules, no security) in its own JVM
 * with a 512 MB heap, on 127.0.0.1, single-node discovery. Start it once per test run and share it: about 8 s and
 * 400 MB.
 *
 * <p>The official Java clients (elasticsearch-java 7.17+) refuse this server out of the box: it sends no
 * {@code X-Elastic-Product} header and rejects their compatible-with media type. Plain HTTP works, and
 * drivers/elasticsearch talks to it through its production connection, which handles 7.x.
 *
 * @param host          always 127.0.0.1
 * @param httpPort      the REST port
 * @param transportPort the node-to-node port, unused by clients
 * @param dataDir       the node's base directory (data, logs, config), kept across {@link #stop()} and
 *                      {@link #start()}
 * @param version       what {@code GET /} reports, e.g. {@code 7.10.2}
 * @param process       the node's JVM and its log
 */
public record ElasticsearchServer(String host, int httpPort, int transportPort, Path dataDir, String version,
                                  ServerProcess process) implements RestartableServer {

    /** Written at build time by maven-dependency-plugin (see testing/pom.xml). */
    static final String CLASSPATH_RESOURCE = "elasticsearch.classpath";
    private static final Pattern VERSION_NUMBER = Pattern.compile("\"number\"\\s*:\\s*\"([^\"]+)\"");
    private static final String RUNNER = "org.codelibs:elasticsearch-cluster-runner:7.10.2.0";

    /** The REST endpoint, e.g. {@code http://127.0.0.1:23456}. */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + httpPort);
    }

    static ElasticsearchServer launch() {
        String classpath = ownLocation() + ":" + runnerClasspath();
        Path dir = Hosts.createTempDir("elasticsearch");
        List<Integer> ports = FreePorts.allocate(2);
        int httpPort = ports.get(0);
        int transportPort = ports.get(1);
        Path tmp = dir.resolve("tmp");
        List<String> command = List.of(Hosts.javaExecutable().toString(),
                "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC",
                // C1 only: on a busy 2-core machine this about halves the start
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp,
                // plain IPv4 sockets, not dual-stack ones bound to ::ffff:127.0.0.1
                "-Djava.net.preferIPv4Stack=true",
                "-Djava.awt.headless=true",
                "-Dfile.encoding=UTF-8",
                // Elasticsearch 7.10 ships log4j 2.11: no message lookups (CVE-2021-44228)
                "-Dlog4j2.formatMsgNoLookups=true",
                "-Dlog4j2.disable.jmx=true",
                "-D" + ElasticsearchNodeMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp", classpath,
                ElasticsearchNodeMain.MAIN_CLASS,
                dir.toString(), Integer.toString(httpPort), Integer.toString(transportPort));
        URI root = URI.create("http://" + Hosts.LOOPBACK + ":" + httpPort + "/");
        // GET / answers before a restarted node has recovered its shards (reads then fail with 503): wait for yellow,
        // the best a single node gets for indices with replicas
        URI yellow = root.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s");
        ServerProcess process = ServerProcess.builder("elasticsearch", command)
                .workDir(dir)
                .readiness(() -> Hosts.httpGet(root).contains("\"number\"") && !Hosts.httpGet(yellow).isEmpty())
                .readyTimeout(Duration.ofSeconds(180))
                .stopTimeout(Duration.ofSeconds(20))
                .build();
        Shutdown.register("elasticsearch", process, dir);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new ServerStartException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
        process.start();
        String version;
        try {
            Matcher number = VERSION_NUMBER.matcher(Hosts.httpGet(root));
            version = number.find() ? number.group(1) : "unknown";
        } catch (IOException e) {
            throw process.failure("Elasticsearch answered once, then not: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while asking Elasticsearch for its version", e);
        }
        return new ElasticsearchServer(Hosts.LOOPBACK, httpPort, transportPort, dir, version, process);
    }

    /**
     * The jar or classes directory holding this module, {@link ElasticsearchNodeMain} included. That class is only
     * named here, never loaded: it links against Elasticsearch, which is not on the test JVM's classpath.
     */
    private static String ownLocation() {
        try {
            return Path.of(ElasticsearchServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new ServerStartException("cannot locate the vamp-testing classes for the Elasticsearch JVM: " + e, e);
        }
    }

    private static String runnerClasspath() {
        String classpath;
        try (InputStream in = ElasticsearchServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new ServerStartException("Elasticsearch classpath not found: resource io/vamp/testing/"
                        + CLASSPATH_RESOURCE + " is written when module testing is built: run ./mvnw -B -pl testing"
                        + " -am install (Maven downloads " + RUNNER + ")");
            }
            classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ServerStartException("cannot read io/vamp/testing/" + CLASSPATH_RESOURCE + ": " + e.getMessage(),
                    e);
        }
        List<String> missing = Arrays.stream(classpath.split(":"))
                .filter(entry -> !entry.isBlank() && !Files.exists(Path.of(entry)))
                .toList();
        if (!missing.isEmpty()) {
            throw new ServerStartException("Elasticsearch not found: " + missing.size() + " jar(s) of " + RUNNER
                    + " are missing from the local Maven repository, e.g. " + missing.get(0)
                    + ": run ./mvnw -B -pl testing -am install to download them and rewrite the classpath");
        }
        return classpath;
    }
}
