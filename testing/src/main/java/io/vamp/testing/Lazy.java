package io.vamp.testing;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started at most once per JVM, on first use. A start that lost a port to another process is tried once
 * more (on new ports); any other failure is final: every later caller gets the same explanation at once instead of
 * waiting for the same timeout again.
 */
final class Lazy<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Lazy.class);

    private final String name;
    private final Supplier<T> starter;
    private T value;
    private ServerStartException failure;

    Lazy(String name, Supplier<T> starter) {
        this.name = name;
        this.starter = starter;
    }

    synchronized T get() {
        if (value != null) {
            return value;
        }
        if (failure != null) {
            throw new ServerStartException(name + " failed to start earlier in this JVM: " + failure.getMessage(),
                    failure);
        }
        long started = System.nanoTime();
        try {
            value = startRetryingAPortClash();
            LOG.info("server={} event=ready totalMillis={}", name, (System.nanoTime() - started) / 1_000_000);
            return value;
        } catch (ServerStartException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = new ServerStartException(name + " failed to start: " + e, e);
            throw failure;
        }
    }

    private T startRetryingAPortClash() {
        try {
            return starter.get();
        } catch (ServerStartException e) {
            if (!e.isPortClash()) {
                throw e;
            }
            LOG.warn("server={} event=port-clash action=\"retrying on other ports\"", name);
            return starter.get();
        }
    }
}
