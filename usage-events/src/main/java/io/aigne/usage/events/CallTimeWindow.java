package io.aigne.usage.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The plausible range of {@code callTime}: not before {@code earliest} and not more than
 * {@code maxAhead} after "now". Consumers take "now" from the Kafka record's timestamp rather
 * than their own clock, so every consumer (and every replay) decides the same record alike.
 *
 * @param earliest first accepted callTime, Unix seconds
 * @param maxAhead how far past "now" a callTime may lie (clock skew between producers and us)
 */
public record CallTimeWindow(long earliest, Duration maxAhead) {
    /** 2020-01-01T00:00:00Z, one hour ahead. */
    public static final CallTimeWindow DEFAULT =
            new CallTimeWindow(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(), Duration.ofHours(1));

    public CallTimeWindow {
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAhead must not be negative");
        }
    }

    /** Latest accepted callTime when it is {@code nowSeconds}; saturates instead of overflowing. */
    public long latest(long nowSeconds) {
        long ahead = maxAhead.getSeconds();
        return nowSeconds > Long.MAX_VALUE - ahead ? Long.MAX_VALUE : nowSeconds + ahead;
    }
}
