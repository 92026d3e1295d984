package io.aigne.usage.alerts.evaluate;

import io.aigne.usage.alerts.rules.Rule;
import io.aigne.usage.alerts.evaluate.ScopeBuckets.Bucket;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.TimeType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules' conditions as plain functions of bucket states and time (docs/alerts.md "Rules"),
 * so that tests can check them against sums computed from the calls themselves.
 */
public final class Conditions {
    private static final long HOUR = 3_600;

    private Conditions() {
    }

    /** First second of a rule's window at {@code now}: the N whole hours before the running one. */
    public static long windowStart(int windowHours, long now) {
        return TimeType.hour.floor(now) - windowHours * HOUR;
    }

    /** Error rate or P95 over the hours of the window (merged), against the threshold and minimum calls. */
    public static Observation window(Rule rule, List<Bucket> hours) {
        CallStats merged = CallStats.empty();
        hours.forEach(h -> merged.merge(h.stats()));
        long calls = merged.totalCalls();
        boolean enough = calls > 0 && calls >= rule.minCalls();
        String span = "over the last " + rule.windowHours() + " h (" + calls + " calls)" + scope(rule);
        if ("errorRate".equals(rule.kind())) {
            BigDecimal rate = calls == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(merged.failedCalls() * 100).divide(BigDecimal.valueOf(calls), 2, RoundingMode.HALF_UP);
            // exact comparison: failed / calls > threshold / 100
            boolean above = enough && BigDecimal.valueOf(merged.failedCalls() * 100L)
                    .compareTo(rule.threshold().multiply(BigDecimal.valueOf(calls))) > 0;
            return new Observation("", above, rate, (above ? "Error rate " + rate.toPlainString() + " % " + span
                    + " is above " + plain(rule.threshold()) + " %"
                    : "Error rate " + rate.toPlainString() + " % " + span + "; threshold " + plain(rule.threshold()) + " %"),
                    null);
        }
        Double p95 = merged.p95DurationMs();
        BigDecimal value = p95 == null ? BigDecimal.ZERO : BigDecimal.valueOf(p95).setScale(1, RoundingMode.HALF_UP);
        boolean above = enough && p95 != null && BigDecimal.valueOf(p95).compareTo(rule.threshold()) > 0;
        return new Observation("", above, value, "P95 latency " + value.toPlainString() + " ms " + span
                + (above ? " is above " : "; threshold ") + plain(rule.threshold()) + " ms", null);
    }

    /** The start of the budget's running period (UTC day or UTC month). */
    public static long periodStart(String period, long now) {
        if ("day".equals(period)) {
            return TimeType.day.floor(now);
        }
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(now), ZoneOffset.UTC).withDayOfMonth(1);
        return d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /**
     * Credits spent in the period up to now: day rows for finished days, the hour rows of a
     * finished day whose day row is not announced yet, and the hour rows of the running day.
     */
    public static BigDecimal spend(long periodStart, long now, List<Bucket> days, List<Bucket> hours) {
        BigDecimal total = BigDecimal.ZERO;
        Set<Long> daysWithRow = new TreeSet<>();
        for (Bucket d : days) {
            if (d.timestamp() >= periodStart && d.timestamp() <= now) {
                total = total.add(d.stats().totalCredits());
                daysWithRow.add(d.timestamp());
            }
        }
        for (Bucket h : hours) {
            if (h.timestamp() >= periodStart && h.timestamp() <= now && !daysWithRow.contains(TimeType.day.floor(h.timestamp()))) {
                total = total.add(h.stats().totalCredits());
            }
        }
        return total;
    }

    /** One observation per budget percentage for the running period. */
    public static List<Observation> budget(Rule rule, long periodStart, BigDecimal spent) {
        List<Observation> out = new ArrayList<>();
        String periodName = "day".equals(rule.period()) ? "today" : "this month";
        for (int pct : rule.notifyAt()) {
            BigDecimal level = rule.threshold().multiply(BigDecimal.valueOf(pct)).divide(BigDecimal.valueOf(100));
            boolean reached = spent.compareTo(level) >= 0;
            out.add(new Observation(periodStart + ":" + pct, reached, spent, "Spend " + periodName + scope(rule) + " reached "
                    + pct + " % of the " + plain(rule.threshold()) + "-credit budget (" + rounded(spent) + " credits)", pct));
        }
        return out;
    }

    /** A credits rule against the last quota answer; null when there is none (nothing to decide). */
    public static Observation credits(Rule rule, BigDecimal remaining, BigDecimal daysLeft) {
        if ("creditsBelow".equals(rule.kind())) {
            if (remaining == null) {
                return null;
            }
            boolean below = remaining.compareTo(rule.threshold()) < 0;
            return new Observation("", below, remaining, "Credits remaining " + rounded(remaining) + (below ? " are below " : "; threshold ")
                    + plain(rule.threshold()), null);
        }
        if (daysLeft == null) {
            return new Observation("", false, BigDecimal.ZERO, "Nothing spent recently: no estimate of days remaining", null);
        }
        boolean below = daysLeft.compareTo(rule.threshold()) < 0;
        return new Observation("", below, daysLeft, "Estimated days remaining " + rounded(daysLeft)
                + (below ? " are below " : "; threshold ") + plain(rule.threshold()), null);
    }

    private static String scope(Rule rule) {
        if (rule.modelId() != null) {
            return " for " + rule.modelId() + " in " + rule.appDid();
        }
        return rule.appDid() == null ? "" : " in " + rule.appDid();
    }

    /** For sentences: two decimals at most (the notification's {@code value} keeps the exact number). */
    static String rounded(BigDecimal d) {
        return plain(d.setScale(2, RoundingMode.HALF_UP));
    }

    static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
