package io.aigne.usage.alerts.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.alerts.evaluate.ScopeBuckets.Bucket;
import io.aigne.usage.alerts.rules.Rule;
import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.TimeType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The conditions against numbers counted from the calls themselves (docs/alerts.md "Rules"). */
class ConditionsTest {
    private static final long NOW = 1_764_504_000L + 1_234; // 2025-11-30 12:20:34 UTC
    private static final long HOUR = 3_600;

    static Rule rule(String kind, String threshold, int windowHours, int minCalls) {
        return new Rule(UUID.randomUUID(), "did:u", "r", kind, true, null, null, new BigDecimal(threshold), windowHours,
                minCalls, null, null, 10, null, "whsec_x", 0, 0);
    }

    static ModelCall call(boolean failed, double durationMs, String credits, long callTime) {
        return new ModelCall(UUID.randomUUID().toString(), "did:u", null, "m", "p", CallType.chatCompletion,
                failed ? CallStatus.failed : CallStatus.success, durationMs, 10, new BigDecimal(credits), callTime, null, null,
                null, null, null, 1);
    }

    /** The calls grouped into hour buckets, as the aggregator would announce them. */
    static List<Bucket> hourBuckets(List<ModelCall> calls) {
        Map<Long, CallStats> byHour = new HashMap<>();
        calls.forEach(c -> byHour.computeIfAbsent(TimeType.hour.floor(c.callTime()), h -> CallStats.empty()).add(c));
        List<Bucket> out = new ArrayList<>();
        byHour.forEach((h, s) -> out.add(new Bucket(TimeType.hour, h, s)));
        return out;
    }

    @Test
    void theWindowIsTheWholeHoursBeforeTheRunningOnePlusTheRunningHour() {
        assertThat(Conditions.windowStart(1, NOW)).isEqualTo(1_764_504_000L - HOUR);
        assertThat(Conditions.windowStart(3, NOW)).isEqualTo(1_764_504_000L - 3 * HOUR);
        assertThat(Conditions.windowStart(1, 1_764_504_000L)).isEqualTo(1_764_504_000L - HOUR); // at the top of the hour
    }

    @Test
    void errorRateIsFailedOverCallsComparedExactly() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<ModelCall> calls = new ArrayList<>();
            int n = 1 + random.nextInt(60);
            int failed = 0;
            for (int i = 0; i < n; i++) {
                boolean f = random.nextInt(10) < 2;
                failed += f ? 1 : 0;
                calls.add(call(f, 100 + random.nextInt(900), "0.5", NOW - random.nextInt((int) (2 * HOUR))));
            }
            int threshold = random.nextInt(40);
            int minCalls = random.nextInt(30);
            Observation seen = Conditions.window(rule("errorRate", Integer.toString(threshold), 1, minCalls), hourBuckets(calls));
            boolean expected = n >= minCalls && (long) failed * 100 > (long) threshold * n;
            assertThat(seen.holds()).as("%d of %d failed, threshold %d %%, min %d", failed, n, threshold, minCalls)
                    .isEqualTo(expected);
            assertThat(seen.value()).isEqualByComparingTo(BigDecimal.valueOf(failed * 100.0 / n).setScale(2,
                    java.math.RoundingMode.HALF_UP));
        }
    }

    @Test
    void exactlyAtTheThresholdDoesNotFire() {
        List<ModelCall> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(call(i < 1, 100, "1", NOW - i)); // 1 of 20 = 5 %
        }
        assertThat(Conditions.window(rule("errorRate", "5", 1, 1), hourBuckets(calls)).holds()).isFalse();
        assertThat(Conditions.window(rule("errorRate", "4.99", 1, 1), hourBuckets(calls)).holds()).isTrue();
        assertThat(Conditions.window(rule("errorRate", "4.99", 1, 21), hourBuckets(calls)).holds()).as("below minCalls").isFalse();
    }

    @Test
    void p95OfSuccessfulDurationsAcrossHoursIsWithinTheRankBar() {
        Random random = new Random(11);
        List<ModelCall> calls = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            double d = Math.round(Math.exp(5 + random.nextGaussian()) * 10) / 10.0;
            boolean failed = random.nextInt(20) == 0;
            calls.add(call(failed, d, "0.1", NOW - random.nextInt((int) (3 * HOUR))));
            if (!failed) {
                durations.add(d);
            }
        }
        durations.sort(Double::compare);
        int n = durations.size();
        double low = durations.get((int) Math.floor(0.94 * n) - 1);
        double high = durations.get((int) Math.ceil(0.96 * n) - 1);
        Observation seen = Conditions.window(rule("p95Latency", "1", 2, 1), hourBuckets(calls));
        assertThat(seen.value().doubleValue()).isBetween(low - 0.05, high + 0.05);
        assertThat(Conditions.window(rule("p95Latency", Double.toString(high + 1), 2, 1), hourBuckets(calls)).holds()).isFalse();
        assertThat(Conditions.window(rule("p95Latency", Double.toString(low - 1), 2, 1), hourBuckets(calls)).holds()).isTrue();
    }

    @Test
    void spendCountsDayRowsThenHoursOfDaysWithoutARowThenTheRunningDay() {
        long today = TimeType.day.floor(NOW);
        long month = Conditions.periodStart("month", NOW);
        assertThat(month).isEqualTo(1_761_955_200L); // 2025-11-01
        assertThat(Conditions.periodStart("day", NOW)).isEqualTo(today);
        List<ModelCall> before = List.of(call(false, 1, "100", month - 10)); // October: outside
        List<ModelCall> day1 = List.of(call(false, 1, "10.5", month + 100), call(true, 1, "2", month + 7_200));
        List<ModelCall> yesterday = List.of(call(false, 1, "3.25", today - 7_200), call(false, 1, "1", today - 60));
        List<ModelCall> running = List.of(call(false, 1, "0.125", today + 10), call(false, 1, "4", NOW - 5));
        List<Bucket> days = new ArrayList<>();
        days.add(dayBucket(before));
        days.add(dayBucket(day1)); // yesterday's day row is not announced yet
        List<Bucket> hours = new ArrayList<>();
        hours.addAll(hourBuckets(day1)); // hours of a day with its row must not count twice
        hours.addAll(hourBuckets(yesterday));
        hours.addAll(hourBuckets(running));
        assertThat(Conditions.spend(month, NOW, days, hours)).isEqualByComparingTo("20.875");
        assertThat(Conditions.spend(today, NOW, days, hours)).isEqualByComparingTo("4.125");
    }

    @Test
    void aBudgetHasOneSlotPerPercentageOfThePeriod() {
        Rule budget = new Rule(UUID.randomUUID(), "did:u", "b", "budget", true, "did:app:a", null,
                new BigDecimal("200"), null, null, "month", List.of(50, 80, 100), 10, null, "whsec_x", 0, 0);
        List<Observation> seen = Conditions.budget(budget, 1_761_955_200L, new BigDecimal("160.456"));
        assertThat(seen).extracting(Observation::slot).containsExactly("1761955200:50", "1761955200:80", "1761955200:100");
        assertThat(seen).extracting(Observation::holds).containsExactly(true, true, false);
        assertThat(seen.get(1).message()).contains("80 %").contains("did:app:a").contains("(160.46 credits)");
    }

    @Test
    void creditsRulesCompareTheLastQuota() {
        assertThat(Conditions.credits(rule("creditsBelow", "100", 0, 0), new BigDecimal("99.99"), null).holds()).isTrue();
        assertThat(Conditions.credits(rule("creditsBelow", "100", 0, 0), new BigDecimal("100"), null).holds()).isFalse();
        assertThat(Conditions.credits(rule("creditsBelow", "100", 0, 0), null, null)).isNull();
        assertThat(Conditions.credits(rule("daysBelow", "7", 0, 0), BigDecimal.TEN, new BigDecimal("6.5")).holds()).isTrue();
        assertThat(Conditions.credits(rule("daysBelow", "7", 0, 0), BigDecimal.TEN, null).holds()).as("nothing spent").isFalse();
    }

    private static Bucket dayBucket(List<ModelCall> calls) {
        CallStats s = CallStats.empty();
        calls.forEach(s::add);
        return new Bucket(TimeType.day, TimeType.day.floor(calls.get(0).callTime()), s);
    }
}
