package io.aigne.usage.query.service;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.stats.SketchCodec;
import io.aigne.usage.stats.TimeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The latency sketches behind the P95s, per group of a scope (model, appDid, or "" for the
 * single-group scopes): the stored KLL sketches of the plan's day and hour rows of model_call_stats
 * merged with the live success latencies from model_calls. One statement per source whatever the
 * number of groups, each bound to one user.
 */
@ApplicationScoped
public class LatencyRepository {

    @Inject
    AgroalDataSource dataSource;

    /** The merged sketch per group; a group without success calls is absent or empty. */
    public Map<String, KllDoublesSketch> sketches(Scope scope, BucketPlan plan, int k) {
        Map<String, KllDoublesSketch> byGroup = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            stored(c, scope, TimeType.day, plan.dayRows(), byGroup, k);
            stored(c, scope, TimeType.hour, plan.hourRows(), byGroup, k);
            live(c, scope, plan.live(), byGroup, k);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return byGroup;
    }

    private static void stored(Connection c, Scope scope, TimeType type, List<BucketPlan.Span> spans,
            Map<String, KllDoublesSketch> byGroup, int k) throws SQLException {
        if (spans.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + scope.statsGroup() + ", latency_sketch FROM model_call_stats"
                + " WHERE user_did = ?" + scope.statsFilter() + " AND time_type = ?" + SpanFilter.anyOf("\"timestamp\"", spans))) {
            int i = scope.bind(ps);
            ps.setString(i++, type.name());
            SpanFilter.bind(ps, i, spans);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    KllDoublesSketch stored = SketchCodec.view(rs.getBytes(2)); // read in place, no copy
                    if (stored != null) {
                        sketchOf(byGroup, rs.getString(1), k).merge(stored);
                    }
                }
            }
        }
    }

    private static void live(Connection c, Scope scope, List<BucketPlan.Span> spans, Map<String, KllDoublesSketch> byGroup, int k)
            throws SQLException {
        if (spans.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + scope.callsGroup() + ", duration_ms FROM model_calls"
                + " WHERE user_did = ?" + scope.callsFilter() + " AND status = 'success'" + SpanFilter.anyOf("call_time", spans))) {
            SpanFilter.bind(ps, scope.bind(ps), spans);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sketchOf(byGroup, rs.getString(1), k).update(rs.getDouble(2));
                }
            }
        }
    }

    private static KllDoublesSketch sketchOf(Map<String, KllDoublesSketch> byGroup, String group, int k) {
        return byGroup.computeIfAbsent(group, g -> KllDoublesSketch.newHeapInstance(k));
    }
}
