package io.vamp.testing;

/**
 * A server a fault test may stop and start again while clients stay connected: it comes back on the same ports with
 * the same data directory.
 */
public interface RestartableServer {

    /** The running process, with its log. */
    ServerProcess process();

    /** Stops the server (SIGTERM, then SIGKILL after a timeout); its data directory stays. */
    default void stop() {
        process().stop();
    }

    /** Starts the stopped server again and waits until it answers. */
    default void start() {
        process().start();
    }

    default void restart() {
        process().restart();
    }

    default boolean isRunning() {
        return process().isRunning();
    }
}
