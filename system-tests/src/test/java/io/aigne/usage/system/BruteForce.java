package io.aigne.usage.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Expected answers of the statistics endpoints computed straight from the final state of the
 * calls a test sent, with loops over every call (docs/contracts.md §2-3) — no ModelCallStat, no code of
 * the services.
 */
final class BruteForce {
    private BruteForce() {
    }

    static final class Sums {
        long calls;
        long success;
        long usage;
        BigDecimal credits = BigDecimal.ZERO;
        BigDecimal durationSum = BigDecimal.ZERO;
        final List<Double> durations = new ArrayList<>();
        long maxCallTime;

        Double successRate() {
            return calls == 0 ? null : (double) success / calls;
        }

        Double avgDuration() {
            return success == 0 ? null : durationSum.divide(BigDecimal.valueOf(success), MathContext.DECIMAL64).doubleValue();
        }

        BigDecimal apiCredits() {
            return credits.setScale(6, RoundingMode.HALF_UP);
        }
    }

    static Sums sums(Collection<ObjectNode> calls, long start, long endInclusive, Predicate<ObjectNode> filter) {
        Sums s = new Sums();
        for (ObjectNode c : calls) {
            long t = c.get("callTime").asLong();
            String status = c.get("status").asText();
            if (t < start || t > endInclusive || status.equals("processing") || !filter.test(c)) {
                continue;
            }
            s.calls++;
            s.usage += c.get("totalUsage").asLong();
            s.credits = s.credits.add(new BigDecimal(c.get("credits").asText()));
            s.maxCallTime = Math.max(s.maxCallTime, t);
            if (status.equals("success")) {
                s.success++;
                s.durationSum = s.durationSum.add(new BigDecimal(c.get("durationMs").asText()));
                s.durations.add(c.get("durationMs").asDouble());
            }
        }
        return s;
    }

    static Predicate<ObjectNode> inProject(String app) {
        return c -> app.equals(c.path("appDid").asText(null));
    }

    /** Bucket starts from the bucket holding start to the one holding end, walking the zone's calendar. */
    static List<Long> bucketStarts(long start, long endInclusive, boolean daily, ZoneId zone) {
        List<Long> starts = new ArrayList<>();
        if (daily) {
            LocalDate day = Instant.ofEpochSecond(start).atZone(zone).toLocalDate();
            LocalDate last = Instant.ofEpochSecond(endInclusive).atZone(zone).toLocalDate();
            for (; !day.isAfter(last); day = day.plusDays(1)) {
                starts.add(day.atStartOfDay(zone).toEpochSecond());
            }
        } else {
            ZonedDateTime hour = Instant.ofEpochSecond(start).atZone(zone).truncatedTo(ChronoUnit.HOURS);
            for (; hour.toEpochSecond() <= endInclusive; hour = hour.plusHours(1)) {
                starts.add(hour.toEpochSecond());
            }
        }
        return starts;
    }

    /** The exact nearest-rank P95 (the ceil(0.95 n)-th smallest). */
    static double nearestRankP95(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    /** Fraction of the values at or below {@code v}. */
    static double rankOf(List<Double> values, double v) {
        return (double) values.stream().filter(x -> x <= v).count() / values.size();
    }
}
