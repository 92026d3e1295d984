package io.aigne.usage.query.service;

import io.aigne.usage.query.service.TrendBuckets.Bucket;
import io.aigne.usage.query.service.TrendBuckets.Granularity;
import io.aigne.usage.stats.LatencyP95;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers the statistics questions for an inclusive {@code [start, end]} range: whole flushed
 * hours and days from ModelCallStat, everything else live from model_calls, so any range is exact.
 */
@ApplicationScoped
public class UsageService {

    @Inject
    UsageStatsRepository repository;

    @Inject
    LatencyRepository latencies;

    @ConfigProperty(name = "usage.query.sketch-k", defaultValue = "400")
    int sketchK;

    /** Totals of the range for one scope, per group ("" for user and project scopes). */
    public Map<String, Totals> totals(Scope scope, long start, long endInclusive) {
        return repository.totals(scope, BucketPlan.of(start, endInclusive + 1, repository.flushedUntil()));
    }

    public Totals total(Scope scope, long start, long endInclusive) {
        return totals(scope, start, endInclusive).getOrDefault("", Totals.ZERO);
    }

    /** P95 of success latencies ({@link LatencyP95}) of the range's merged sketches; null without success calls. */
    public Double p95(Scope scope, long start, long endInclusive) {
        return p95s(scope, start, endInclusive).get("");
    }

    /**
     * The same P95 per group of the scope (per model for {@link Scope#models}), from one read of each
     * source for all groups; a group without success calls in the range has no entry.
     */
    public Map<String, Double> p95s(Scope scope, long start, long endInclusive) {
        BucketPlan plan = BucketPlan.of(start, endInclusive + 1, repository.flushedUntil());
        Map<String, Double> byGroup = new HashMap<>();
        latencies.sketches(scope, plan, sketchK).forEach((group, sketch) -> {
            Double p95 = LatencyP95.of(sketch);
            if (p95 != null) {
                byGroup.put(group, p95);
            }
        });
        return byGroup;
    }

    /** One entry per dense bucket, aligned with {@link TrendBuckets#of}. */
    public record TrendPoint(long timestamp, Totals totals) {
    }

    public List<TrendPoint> trend(Scope scope, long start, long endInclusive, Granularity granularity, ZoneId zone) {
        long flushed = repository.flushedUntil();
        List<Bucket> buckets = TrendBuckets.of(start, endInclusive, granularity, zone);
        // each bucket's data is clipped to the asked range; its timestamp stays the bucket start
        List<BucketPlan> plans = buckets.stream()
                .map(b -> BucketPlan.of(Math.max(b.start(), start), Math.min(b.end(), endInclusive + 1), flushed)).toList();
        List<Totals> totals = repository.trend(scope, plans);
        return java.util.stream.IntStream.range(0, buckets.size())
                .mapToObj(i -> new TrendPoint(buckets.get(i).start(), totals.get(i))).toList();
    }
}
