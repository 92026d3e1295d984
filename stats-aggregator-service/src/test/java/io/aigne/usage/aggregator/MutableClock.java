package io.aigne.usage.aggregator;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The aggregator's clock in tests: starts at the real time and only moves when a test moves it. */
@Singleton
public class MutableClock extends Clock {
    private volatile Instant now = Instant.now();

    public void set(long epochSecond) {
        if (epochSecond < now.getEpochSecond()) {
            throw new IllegalArgumentException("tests share one app: time only moves forward");
        }
        now = Instant.ofEpochSecond(epochSecond);
    }

    public long epochSecond() {
        return now.getEpochSecond();
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
        return now;
    }
}
