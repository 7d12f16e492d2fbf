package io.vamp.testing.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Runs one Elasticsearch node in this JVM. The harness starts it as a separate process (the node needs its own,
 * older libraries and heap) and stops it with SIGTERM. Arguments: base directory, HTTP port, transport port.
 */
public final class ElasticsearchNodeMain {

    /** This class's name, as a constant the harness can use without loading the class. */
    public static final String MAIN_CLASS = "io.vamp.testing.internal.ElasticsearchNodeMain";

    /** The pid of the test JVM: when it dies without stopping this one (kill -9), this one exits too. */
    public static final String PARENT_PID_PROPERTY = "vamp.testing.parentPid";

    private ElasticsearchNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: ElasticsearchNodeMain <base dir> <http port> <transport port>");
            System.exit(2);
        }
        Path baseDir = Path.of(args[0]).toAbsolutePath();
        String httpPort = args[1];
        String transportPort = args[2];
        exitWithParent();

        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        // our settings win: the runner only fills in what is absent, and -1 stops it probing ports 9201..9299
        runner.setMaxHttpPort(-1);
        runner.onBuild((number, settings) -> settings
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", transportPort)
                .put("discovery.type", "single-node")
                .put("node.name", "vamp-test")
                // a nearly full disk on a CI machine would otherwise turn indices read-only
                .put("cluster.routing.allocation.disk.threshold_enabled", false));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (IOException e) {
                System.err.println("closing the node failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "elasticsearch-stop"));
        try {
            runner.build(ElasticsearchClusterRunner.newConfigs()
                    .basePath(baseDir.toString())
                    .numOfNode(1)
                    .clusterName("vamp-test"));
        } catch (RuntimeException | Error e) {
            // the node's threads would keep the JVM alive: exit, so the harness sees the failure at once
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("vamp-testing: node started on 127.0.0.1:" + httpPort);
        stopped.await();
    }

    private static void exitWithParent() {
        String parentPid = System.getProperty(PARENT_PID_PROPERTY);
        if (parentPid != null) {
            ProcessHandle.of(Long.parseLong(parentPid)).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
    }
}
