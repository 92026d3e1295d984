package io.aigne.usage.query.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.aigne.usage.stats.SketchCodec;
import io.aigne.usage.stats.TimeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The latency sketches behind the P95s, per group of a scope (model, appDid, or "" for the
 * single-group scopes): the stored KLL sketches of the plan's day and hour rows of model_call_stats
 * merged with the live success latencies from model_calls. Per source, each span's sketches come
 * from {@link SettledSpanCache} or, for all missing spans together, from one statement bound to
 * one user. A cached sketch is only read (merged into a new one), never changed.
 */
@ApplicationScoped
public class LatencyRepository {

    @Inject
    @DataSource(StatsDataSource.NAME)
    AgroalDataSource dataSource;

    @Inject
    SettledSpanCache cache;

    /** The merged sketch per group; a group without success calls is absent or empty. */
    public Map<String, KllDoublesSketch> sketches(Scope scope, BucketPlan plan, ReadPoint p, int k) {
        Map<String, KllDoublesSketch> byGroup = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            List<Map<String, KllDoublesSketch>> parts = new ArrayList<>();
            parts.addAll(cache.get(p, scope, SettledSpanCache.Part.DAY_SKETCHES, plan.dayRows(),
                    missing -> read(() -> stored(c, scope, TimeType.day, missing, k)), LatencyRepository::weight));
            parts.addAll(cache.get(p, scope, SettledSpanCache.Part.HOUR_SKETCHES, plan.hourRows(),
                    missing -> read(() -> stored(c, scope, TimeType.hour, missing, k)), LatencyRepository::weight));
            parts.addAll(cache.get(p, scope, SettledSpanCache.Part.CALL_SKETCHES, plan.live(),
                    missing -> read(() -> SpanArrays.readLive(p, missing, HashMap::new, spans -> live(c, scope, spans, k))),
                    LatencyRepository::weight));
            for (Map<String, KllDoublesSketch> part : parts) {
                part.forEach((group, sketch) -> sketchOf(byGroup, group, k).merge(sketch));
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return byGroup;
    }

    private interface SqlRead<V> {
        V run() throws SQLException;
    }

    private static <V> V read(SqlRead<V> r) {
        try {
            return r.run();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** About one cache unit per 64 values a sketch keeps. */
    private static int weight(Map<String, KllDoublesSketch> sketches) {
        return sketches.values().stream().mapToInt(s -> 1 + s.getNumRetained() / 64).sum();
    }

    /** Per span: the stored sketches of its rows of one time type, merged per group. */
    private static List<Map<String, KllDoublesSketch>> stored(Connection c, Scope scope, TimeType type, List<BucketPlan.Span> spans,
            int k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.i, x.* FROM " + SpanArrays.FROM + " CROSS JOIN LATERAL (SELECT "
                + scope.statsGroup() + ", latency_sketch FROM model_call_stats WHERE user_did = ?" + scope.statsFilter()
                + " AND time_type = ? AND \"timestamp\" >= s.f AND \"timestamp\" < s.t OFFSET 0) x")) {
            int i = scope.bind(ps, SpanArrays.bind(c, ps, 1, spans));
            ps.setString(i, type.name());
            List<Map<String, KllDoublesSketch>> perSpan = empty(spans.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    KllDoublesSketch stored = SketchCodec.view(rs.getBytes(3)); // read in place, no copy
                    if (stored != null) {
                        sketchOf(perSpan.get(rs.getInt(1) - 1), rs.getString(2), k).merge(stored);
                    }
                }
            }
            return perSpan;
        }
    }

    /** Per span: a sketch per group of its success calls' latencies. */
    private static List<Map<String, KllDoublesSketch>> live(Connection c, Scope scope, List<BucketPlan.Span> spans, int k)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.i, x.* FROM " + SpanArrays.FROM + " CROSS JOIN LATERAL (SELECT "
                + scope.callsGroup() + ", duration_ms FROM model_calls WHERE user_did = ?" + scope.callsFilter()
                + " AND status = 'success' AND call_time >= s.f AND call_time < s.t OFFSET 0) x")) {
            scope.bind(ps, SpanArrays.bind(c, ps, 1, spans));
            List<Map<String, KllDoublesSketch>> perSpan = empty(spans.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sketchOf(perSpan.get(rs.getInt(1) - 1), rs.getString(2), k).update(rs.getDouble(3));
                }
            }
            return perSpan;
        }
    }

    private static List<Map<String, KllDoublesSketch>> empty(int spans) {
        List<Map<String, KllDoublesSketch>> perSpan = new ArrayList<>(spans);
        for (int s = 0; s < spans; s++) {
            perSpan.add(new HashMap<>(2));
        }
        return perSpan;
    }

    private static KllDoublesSketch sketchOf(Map<String, KllDoublesSketch> byGroup, String group, int k) {
        return byGroup.computeIfAbsent(group, g -> KllDoublesSketch.newHeapInstance(k));
    }
}
