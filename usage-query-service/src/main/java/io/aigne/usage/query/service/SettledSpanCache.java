package io.aigne.usage.query.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Parts of answers over settled time (docs/decisions/0010-query-answer-cache.md): the sums or
 * sketches of one source (day rows, hour rows or calls) over one span, for one user and scope.
 * A span before {@link ReadPoint#settledUntil} changes only when the user's stat rows change,
 * and every change of those bumps the user's stats version, which is part of the key — so an
 * entry is never stale, it just stops being asked for. The retention horizons are part of the
 * key too (a restore brings calls back). Spans after the settled time are always read.
 * Bounded by weight (about one unit per group total, more for a sketch); least used go first.
 */
@ApplicationScoped
public class SettledSpanCache {

    /** What an entry holds: one source's totals or latency sketches. */
    public enum Part {
        DAY_TOTALS, HOUR_TOTALS, CALL_TOTALS, DAY_SKETCHES, HOUR_SKETCHES, CALL_SKETCHES
    }

    record Key(String userDid, long version, long hourRowsFrom, long rawCallsFrom, Scope.Level level, String appDid, Part part,
            long from, long to) {
    }

    @ConfigProperty(name = "usage.query.answer-cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "usage.query.answer-cache.max-weight", defaultValue = "200000")
    long maxWeight;

    private Cache<Key, Weighted<?>> cache;

    private record Weighted<V>(V value, int weight) {
    }

    @PostConstruct
    void init() {
        cache = Caffeine.newBuilder().maximumWeight(maxWeight).weigher((Key k, Weighted<?> w) -> w.weight()).build();
    }

    /**
     * The values of {@code spans} (ascending or not) in their order: cached ones for settled
     * spans, the rest from one call of {@code read} with the missing spans (which must answer one
     * value per span it is given, in order).
     */
    @SuppressWarnings("unchecked")
    public <V> List<V> get(ReadPoint p, Scope scope, Part part, List<BucketPlan.Span> spans,
            Function<List<BucketPlan.Span>, List<V>> read, ToIntFunction<V> weight) {
        if (spans.isEmpty()) {
            return List.of();
        }
        if (!p.userDid().equals(scope.userDid())) {
            throw new IllegalArgumentException("a read point is one user's");
        }
        if (!enabled) {
            return read.apply(spans);
        }
        List<V> values = new ArrayList<>(spans.size());
        List<Integer> missingAt = new ArrayList<>();
        List<BucketPlan.Span> missing = new ArrayList<>();
        for (BucketPlan.Span s : spans) {
            Weighted<V> hit = settled(p, s) ? (Weighted<V>) cache.getIfPresent(key(p, scope, part, s)) : null;
            if (hit == null) {
                missingAt.add(values.size());
                missing.add(s);
            }
            values.add(hit == null ? null : hit.value());
        }
        if (!missing.isEmpty()) {
            List<V> read1 = read.apply(missing);
            for (int m = 0; m < missing.size(); m++) {
                V v = read1.get(m);
                values.set(missingAt.get(m), v);
                if (settled(p, missing.get(m))) {
                    cache.put(key(p, scope, part, missing.get(m)), new Weighted<>(v, Math.max(1, weight.applyAsInt(v))));
                }
            }
        }
        return values;
    }

    private static boolean settled(ReadPoint p, BucketPlan.Span s) {
        return s.to() <= p.settledUntil();
    }

    private static Key key(ReadPoint p, Scope scope, Part part, BucketPlan.Span s) {
        return new Key(p.userDid(), p.statsVersion(), p.horizons().hourRowsFrom(), p.horizons().rawCallsFrom(), scope.level(),
                scope.appDid(), part, s.from(), s.to());
    }
}
