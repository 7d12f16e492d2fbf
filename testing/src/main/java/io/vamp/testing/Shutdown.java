package io.vamp.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JVM shutdown hook that runs every registered cleanup, in parallel, so the test JVM exits quickly. */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);
    private static final long JOIN_SECONDS = 60;
    private static final List<Runnable> CLEANUPS = new ArrayList<>();
    private static boolean hookInstalled;

    private Shutdown() {
    }

    /** At exit: stop {@code process}, then delete {@code dir}. Register before anything can fail. */
    static void register(String name, ServerProcess process, Path dir) {
        register(name, () -> {
            try {
                process.stop();
            } finally {
                Hosts.deleteRecursively(dir);
            }
        });
    }

    static synchronized void register(String name, Runnable cleanup) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::runAll, "vamp-testing-shutdown"));
            hookInstalled = true;
        }
        CLEANUPS.add(() -> {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                LOG.warn("cleanup={} event=failed error=\"{}\"", name, e.getMessage());
            }
        });
    }

    private static void runAll() {
        List<Runnable> cleanups;
        synchronized (Shutdown.class) {
            cleanups = List.copyOf(CLEANUPS);
        }
        List<Thread> threads = cleanups.stream().map(cleanup -> new Thread(cleanup, "vamp-testing-cleanup")).toList();
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_SECONDS);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
