package io.aigne.usage.query.service;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense trend buckets (docs/contracts.md §3): one per hour or per day of the time zone, from the
 * bucket holding {@code start} to the bucket holding {@code end} (inclusive seconds). Days follow
 * the zone's calendar, so DST days last 23 or 25 hours; hours follow its clock offsets.
 */
public final class TrendBuckets {
    public enum Granularity {
        hour, day
    }

    /** A bucket's start (its timestamp) and the first second after it. */
    public record Bucket(long start, long end) {
    }

    private TrendBuckets() {
    }

    public static List<Bucket> of(long start, long endInclusive, Granularity granularity, ZoneId zone) {
        List<Bucket> buckets = new ArrayList<>();
        ZonedDateTime cursor = floor(Instant.ofEpochSecond(start).atZone(zone), granularity);
        while (cursor.toEpochSecond() <= endInclusive) {
            ZonedDateTime next = granularity == Granularity.day
                    ? cursor.toLocalDate().plusDays(1).atStartOfDay(zone)
                    : cursor.plusHours(1);
            buckets.add(new Bucket(cursor.toEpochSecond(), next.toEpochSecond()));
            cursor = next;
        }
        return buckets;
    }

    private static ZonedDateTime floor(ZonedDateTime t, Granularity granularity) {
        if (granularity == Granularity.day) {
            return t.toLocalDate().atStartOfDay(t.getZone());
        }
        // hours of the zone's clock: truncating the instant keeps odd offsets (+05:30) right
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}
