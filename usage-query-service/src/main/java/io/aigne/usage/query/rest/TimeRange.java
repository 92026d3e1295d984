package io.aigne.usage.query.rest;

import io.aigne.usage.support.Params;
import io.aigne.usage.support.ProblemException;
import java.time.Clock;

/**
 * An inclusive {@code [start, end]} range of Unix seconds (docs/contracts.md §3), from either
 * {@code startTime}/{@code endTime} or {@code timeRange} days. Missing end = now; missing start
 * = end − 30 days; at most 366 days long. Both ends lie in {@code [0, 9999-12-31T23:59:59Z]}, so no
 * arithmetic on them (lengths, the previous period, bucket edges in any zone) can overflow.
 */
public record TimeRange(long start, long end) {
    public static final long DAY = 86_400;
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;
    /** 9999-12-31T23:59:59Z: the last second java.time formats with a four-digit year. */
    public static final long MAX_SECONDS = 253_402_300_799L;

    public long lengthSeconds() {
        return end - start + 1;
    }

    public static TimeRange parse(String startTime, String endTime, String timeRange, Clock clock) {
        long now = clock.instant().getEpochSecond();
        if (timeRange != null) {
            if (startTime != null || endTime != null) {
                throw ProblemException.badRequest("Give either timeRange or startTime/endTime, not both.");
            }
            long days = Params.parseLong("timeRange", timeRange);
            if (days < 1 || days > MAX_DAYS) {
                throw ProblemException.badRequest("timeRange must be a number of days from 1 to " + MAX_DAYS + ".");
            }
            return new TimeRange(now - days * DAY, now);
        }
        long end = endTime == null ? now : bounded("endTime", Params.parseLong("endTime", endTime));
        long start = startTime == null ? end - DEFAULT_DAYS * DAY : bounded("startTime", Params.parseLong("startTime", startTime));
        if (start < 0) {
            throw ProblemException.badRequest("startTime and endTime must be Unix seconds >= 0.");
        }
        if (start > end) {
            throw ProblemException.badRequest("startTime must not be after endTime.");
        }
        if (end - start > MAX_DAYS * DAY) {
            throw ProblemException.badRequest("The range must not be longer than " + MAX_DAYS + " days.");
        }
        return new TimeRange(start, end);
    }

    /** Checked before any arithmetic, so a value near Long.MAX_VALUE cannot wrap around a later check. */
    private static long bounded(String name, long seconds) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw ProblemException.badRequest(name + " must be Unix seconds from 0 to " + MAX_SECONDS + " (9999-12-31).");
        }
        return seconds;
    }
}
