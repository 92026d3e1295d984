package io.aigne.usage.query.rest;

import io.aigne.usage.support.Params;
import io.aigne.usage.query.service.TrendBuckets.Granularity;
import io.aigne.usage.support.ProblemException;
import java.time.DateTimeException;
import java.time.ZoneId;

/** Parsing of the statistics endpoints' shared parameters (docs/contracts.md §3). */
final class StatsParams {
    /** Hourly series up to 92 days (2,208 points); longer ranges use days. */
    static final long MAX_HOURLY_SECONDS = 92L * 86_400;

    private StatsParams() {
    }

    static boolean comparePrevious(String compare) {
        return "previous".equals(Params.oneOf("compare", compare, "previous"));
    }

    /** Explicit granularity, else hour for ranges of at most 7 days and day beyond. */
    static Granularity granularity(String value, TimeRange range) {
        String g = Params.oneOf("granularity", value, "hour", "day");
        // a range "of 7 days" is [now - 7 days, now]: end - start, not the count of seconds in it
        long span = range.end() - range.start();
        Granularity granularity = g != null ? Granularity.valueOf(g)
                : span <= 7 * TimeRange.DAY ? Granularity.hour : Granularity.day;
        if (granularity == Granularity.hour && span > MAX_HOURLY_SECONDS) {
            throw ProblemException.badRequest("granularity=hour is available for ranges up to 92 days.");
        }
        return granularity;
    }

    static ZoneId zone(String tz) {
        if (tz == null) {
            return ZoneId.of("UTC");
        }
        if (tz.length() > 64) {
            throw ProblemException.badRequest("tz must be an IANA time zone name such as Asia/Shanghai.");
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("tz must be an IANA time zone name such as Asia/Shanghai.");
        }
    }

    /** The period of equal length just before the range. */
    static TimeRange previous(TimeRange range) {
        return new TimeRange(range.start() - range.lengthSeconds(), range.start() - 1);
    }
}
