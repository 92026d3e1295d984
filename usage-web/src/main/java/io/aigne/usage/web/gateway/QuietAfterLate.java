package io.aigne.usage.web.gateway;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Off for a while after a first answer came late (see {@code usage.web.first-answers.quiet-after-late}):
 * while the services are slower than the deadline, the pages ask for everything themselves, once.
 */
final class QuietAfterLate {
    private final long quietNanos;
    private final LongSupplier nanoTime;
    private volatile long until;

    QuietAfterLate(Duration quiet, LongSupplier nanoTime) {
        this.quietNanos = quiet.toNanos();
        this.nanoTime = nanoTime;
        this.until = nanoTime.getAsLong();
    }

    /** An answer missed the deadline now. */
    void late() {
        until = nanoTime.getAsLong() + quietNanos;
    }

    /** Whether pages go without first answers now. */
    boolean isOn() {
        return nanoTime.getAsLong() - until < 0; // nanoTime may wrap: compare by difference
    }
}
