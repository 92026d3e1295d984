package io.aigne.usage.query.service;

import io.aigne.usage.query.service.TrendBuckets.Bucket;
import io.aigne.usage.query.service.TrendBuckets.Granularity;
import io.aigne.usage.stats.DataHorizons;
import io.aigne.usage.stats.LatencyP95;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers the statistics questions for an inclusive {@code [start, end]} range: whole flushed
 * hours and days from ModelCallStat, everything else live from model_calls, so any range is exact
 * where retention kept its data ({@link Coverage} says how much is counted). An answer reads the
 * {@link DataHorizons} once ({@link #horizons}) and plans all its ranges with them, so its parts
 * and its coverage agree.
 */
@ApplicationScoped
public class UsageService {

    @Inject
    UsageStatsRepository repository;

    @Inject
    LatencyRepository latencies;

    @ConfigProperty(name = "usage.query.sketch-k", defaultValue = "400")
    int sketchK;

    /** The flush watermark and retention horizons, one read per answer. */
    public DataHorizons horizons() {
        return repository.horizons();
    }

    /** The horizons and the user's stats version, one read per answer, before any row ({@link ReadPoint}). */
    public ReadPoint readPoint(String userDid) {
        return repository.readPoint(userDid);
    }

    /** The read point of a project's owner, with the access check in the same statement; null when the user has nothing there. */
    public ReadPoint readPointInProject(String userDid, String appDid) {
        return repository.readPointInProject(userDid, appDid);
    }

    public static BucketPlan plan(long start, long endInclusive, DataHorizons h) {
        return BucketPlan.of(start, endInclusive + 1, h);
    }

    /** What the totals and P95 of {@code [start, endInclusive]} count. */
    public static Coverage coverage(long start, long endInclusive, DataHorizons h) {
        return Coverage.of(plan(start, endInclusive, h), h);
    }

    /** Totals of the range for one scope, per group ("" for user and project scopes). */
    public Map<String, Totals> totals(Scope scope, long start, long endInclusive, ReadPoint p) {
        return repository.totals(scope, plan(start, endInclusive, p.horizons()), p);
    }

    public Totals total(Scope scope, long start, long endInclusive, ReadPoint p) {
        return totals(scope, start, endInclusive, p).getOrDefault("", Totals.ZERO);
    }

    /** P95 of success latencies ({@link LatencyP95}) of the range's merged sketches; null without success calls. */
    public Double p95(Scope scope, long start, long endInclusive, ReadPoint p) {
        return p95s(scope, start, endInclusive, p).get("");
    }

    /**
     * The same P95 per group of the scope (per model for {@link Scope#models}), from one read of each
     * source for all groups; a group without success calls in the range has no entry.
     */
    public Map<String, Double> p95s(Scope scope, long start, long endInclusive, ReadPoint p) {
        Map<String, Double> byGroup = new HashMap<>();
        latencies.sketches(scope, plan(start, endInclusive, p.horizons()), p, sketchK).forEach((group, sketch) -> {
            Double p95 = LatencyP95.of(sketch);
            if (p95 != null) {
                byGroup.put(group, p95);
            }
        });
        return byGroup;
    }

    /** One entry per bucket of {@link TrendBuckets#of} whose calls are all counted. */
    public record TrendPoint(long timestamp, Totals totals) {
    }

    /** A trend's points and what they count; a bucket retention cut into is left out (a gap, not a zero). */
    public record Trend(List<TrendPoint> points, Coverage coverage) {
    }

    public Trend trend(Scope scope, long start, long endInclusive, Granularity granularity, ZoneId zone, ReadPoint p) {
        DataHorizons h = p.horizons();
        List<Bucket> buckets = TrendBuckets.of(start, endInclusive, granularity, zone);
        // each bucket's data is clipped to the asked range; its timestamp stays the bucket start
        List<BucketPlan> plans = buckets.stream()
                .map(b -> BucketPlan.of(Math.max(b.start(), start), Math.min(b.end(), endInclusive + 1), h)).toList();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).complete()) {
                kept.add(i);
            }
        }
        List<Totals> totals = repository.trend(scope, kept.stream().map(plans::get).toList(), p);
        List<TrendPoint> points = new ArrayList<>(kept.size());
        for (int k = 0; k < kept.size(); k++) {
            points.add(new TrendPoint(buckets.get(kept.get(k)).start(), totals.get(k)));
        }
        return new Trend(points, Coverage.ofTrend(start, plans, h));
    }
}
