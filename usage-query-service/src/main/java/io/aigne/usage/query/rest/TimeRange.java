package io.aigne.usage.query.rest;

import io.aigne.usage.support.Params;
import io.aigne.usage.support.ProblemException;
import java.time.Clock;

/**
 * An inclusive {@code [start, end]} range of Unix seconds (CONTRACTS.md §3), from either
 * {@code startTime}/{@code endTime} or {@code timeRange} days. Missing end = now; missing start
 * = end − 30 days; at most 366 days long.
 */
public record TimeRange(long start, long end) {
    public static final long DAY = 86_400;
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;

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
        long end = endTime == null ? now : Params.parseLong("endTime", endTime);
        long start = startTime == null ? end - DEFAULT_DAYS * DAY : Params.parseLong("startTime", startTime);
        if (start < 0 || end < 0) {
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
}
