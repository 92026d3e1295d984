package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes calls with the update rules of CONTRACTS.md §1, enforced by the database in one
 * statement: a new id is inserted; only a {@code processing} row may be replaced, and only by a
 * terminal event; everything else (duplicates, changes to a terminal call) leaves the row as is.
 */
@ApplicationScoped
public class ModelCallStore {
    static final String UPSERT = """
            INSERT INTO model_calls (user_did, id, app_did, model, provider_id, type, status, duration_ms,
                total_usage, credits, call_time, error_reason, usage_metrics, metadata, request_id, trace_id, partition_no)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)
            ON CONFLICT (user_did, id) DO UPDATE SET
                app_did = EXCLUDED.app_did, model = EXCLUDED.model, provider_id = EXCLUDED.provider_id,
                type = EXCLUDED.type, status = EXCLUDED.status, duration_ms = EXCLUDED.duration_ms,
                total_usage = EXCLUDED.total_usage, credits = EXCLUDED.credits, call_time = EXCLUDED.call_time,
                error_reason = EXCLUDED.error_reason, usage_metrics = EXCLUDED.usage_metrics,
                metadata = EXCLUDED.metadata, request_id = EXCLUDED.request_id, trace_id = EXCLUDED.trace_id,
                partition_no = EXCLUDED.partition_no,
                updated_at = now()
            WHERE model_calls.status = 'processing' AND EXCLUDED.status <> 'processing'
            """;

    /**
     * Applies the calls in order. Returns, per call, whether it changed the stored row; a changed
     * row with a terminal status is a call that just finished and now counts in statistics.
     */
    public boolean[] write(Connection connection, List<IncomingCall> calls) throws SQLException {
        if (calls.isEmpty()) {
            return new boolean[0];
        }
        try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            for (IncomingCall in : calls) {
                ModelCall c = in.call();
                int i = 1;
                ps.setString(i++, c.userDid());
                ps.setString(i++, c.id());
                ps.setString(i++, c.appDid());
                ps.setString(i++, c.model());
                ps.setString(i++, c.providerId());
                ps.setString(i++, c.type().name());
                ps.setString(i++, c.status().name());
                ps.setDouble(i++, c.durationMs());
                ps.setLong(i++, c.totalUsage());
                ps.setBigDecimal(i++, c.credits());
                ps.setLong(i++, c.callTime());
                ps.setString(i++, c.errorReason());
                setJson(ps, i++, c.usageMetrics());
                setJson(ps, i++, c.metadata());
                ps.setString(i++, c.requestId());
                ps.setString(i++, c.traceId());
                ps.setInt(i, in.partition());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] changed = new boolean[counts.length];
            for (int k = 0; k < counts.length; k++) {
                changed[k] = counts[k] > 0;
            }
            return changed;
        }
    }

    private static void setJson(PreparedStatement ps, int index, Object json) throws SQLException {
        if (json == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, json.toString());
        }
    }
}
