package io.aigne.usage.quota;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The quota service's clock in tests: real time, which a test may move ahead instead of sleeping. */
@Singleton
public class SkewedClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    /** Moves the clock on; tests share one app, so time only moves forward. */
    public void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }
}
