package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void startsOnceAndHandsEveryCallerTheSameServer() {
        AtomicInteger starts = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>("counter", () -> {
            starts.incrementAndGet();
            return new Object();
        });

        assertThat(lazy.get()).isSameAs(lazy.get());
        assertThat(starts).hasValue(1);
    }

    @Test
    void retriesOnceWhenAPortWasTakenBetweenAllocationAndBind() {
        AtomicInteger starts = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>("clashing", () -> {
            if (starts.incrementAndGet() == 1) {
                throw new ServerStartException("bind: address already in use", null, true);
            }
            return "started";
        });

        assertThat(lazy.get()).isEqualTo("started");
        assertThat(starts).hasValue(2);
    }

    @Test
    void aFailedStartIsReportedAgainWithoutASecondAttempt() {
        AtomicInteger starts = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>("broken", () -> {
            starts.incrementAndGet();
            throw new ServerStartException("broken not found: run .ci/install-test-deps (Debian package broken)");
        });

        assertThatThrownBy(lazy::get).hasMessageContaining("broken not found");
        assertThatThrownBy(lazy::get)
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("failed to start earlier in this JVM")
                .hasMessageContaining("Debian package broken");
        assertThat(starts).hasValue(1);
    }
}
