package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes calls with the update rules of docs/contracts.md §1, enforced by the database: a new id is
 * inserted; only a {@code processing} row may be replaced, and only by a terminal event;
 * everything else (duplicates, changes to a terminal call) leaves the row as it is. A batch is
 * first reduced by the same rules per call (one statement may touch a row only once), then
 * written with one {@code INSERT ... SELECT FROM unnest(...)}, which returns the rows it changed.
 */
@ApplicationScoped
public class ModelCallStore {
    static final String UPSERT = """
            INSERT INTO model_calls (user_did, id, app_did, model, provider_id, type, status, duration_ms,
                total_usage, credits, call_time, error_reason, usage_metrics, metadata, request_id, trace_id, partition_no)
            SELECT u, i, a, m, p, t, s, d, tu, c::numeric, ct, e, um::jsonb, md::jsonb, r, tr, pn
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[],
                        ?::int8[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[])
                 AS x(u, i, a, m, p, t, s, d, tu, c, ct, e, um, md, r, tr, pn)
            ON CONFLICT (user_did, id) DO UPDATE SET
                app_did = EXCLUDED.app_did, model = EXCLUDED.model, provider_id = EXCLUDED.provider_id,
                type = EXCLUDED.type, status = EXCLUDED.status, duration_ms = EXCLUDED.duration_ms,
                total_usage = EXCLUDED.total_usage, credits = EXCLUDED.credits, call_time = EXCLUDED.call_time,
                error_reason = EXCLUDED.error_reason, usage_metrics = EXCLUDED.usage_metrics,
                metadata = EXCLUDED.metadata, request_id = EXCLUDED.request_id, trace_id = EXCLUDED.trace_id,
                partition_no = EXCLUDED.partition_no, updated_at = now()
            WHERE model_calls.status = 'processing' AND EXCLUDED.status <> 'processing'
            RETURNING user_did, id
            """;

    private record Key(String userDid, String id) {
    }

    /**
     * Applies the calls. Returns the calls whose stored row changed, in their final form; a
     * changed row with a terminal status is a call that just finished and now counts.
     */
    public List<IncomingCall> write(Connection connection, List<IncomingCall> calls) throws SQLException {
        if (calls.isEmpty()) {
            return List.of();
        }
        List<IncomingCall> reduced = new ArrayList<>(reduce(calls).values());
        Set<Key> changed = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            int i = 1;
            ps.setArray(i++, text(connection, reduced, c -> c.call().userDid()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().id()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().appDid()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().model()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().providerId()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().type().name()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().status().name()));
            ps.setArray(i++, connection.createArrayOf("float8", reduced.stream().map(c -> c.call().durationMs()).toArray()));
            ps.setArray(i++, connection.createArrayOf("int8", reduced.stream().map(c -> c.call().totalUsage()).toArray()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().credits().toPlainString()));
            ps.setArray(i++, connection.createArrayOf("int8", reduced.stream().map(c -> c.call().callTime()).toArray()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().errorReason()));
            ps.setArray(i++, text(connection, reduced, c -> json(c.call().usageMetrics())));
            ps.setArray(i++, text(connection, reduced, c -> json(c.call().metadata())));
            ps.setArray(i++, text(connection, reduced, c -> c.call().requestId()));
            ps.setArray(i++, text(connection, reduced, c -> c.call().traceId()));
            ps.setArray(i, connection.createArrayOf("int4", reduced.stream().map(IncomingCall::partition).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(new Key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return reduced.stream().filter(c -> changed.contains(new Key(c.call().userDid(), c.call().id()))).toList();
    }

    /** The batch's calls with one event per call, applying the update rules in arrival order. */
    static Map<Key, IncomingCall> reduce(List<IncomingCall> calls) {
        Map<Key, IncomingCall> byCall = new LinkedHashMap<>();
        for (IncomingCall in : calls) {
            ModelCall c = in.call();
            byCall.merge(new Key(c.userDid(), c.id()), in, (current, next) ->
                    !current.call().status().isTerminal() && next.call().status().isTerminal() ? next : current);
        }
        return byCall;
    }

    private static Array text(Connection c, List<IncomingCall> calls, Function<IncomingCall, String> field) throws SQLException {
        return c.createArrayOf("text", calls.stream().map(field).toArray());
    }

    private static String json(Object node) {
        return node == null ? null : node.toString();
    }
}
