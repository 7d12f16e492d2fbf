package io.vamp.testing;

import java.util.function.Supplier;

/**
 * A server started at most once per JVM, on first use. A start that failed is not retried: every later caller gets
 * the same explanation at once instead of waiting for the same timeout again.
 */
final class Lazy<T> {

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
        try {
            value = starter.get();
            return value;
        } catch (ServerStartException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = new ServerStartException(name + " failed to start: " + e, e);
            throw failure;
        }
    }
}
