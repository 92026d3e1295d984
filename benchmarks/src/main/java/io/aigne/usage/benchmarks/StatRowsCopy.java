package io.aigne.usage.benchmarks;

import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import java.io.StringReader;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.Map;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/** Loads ModelCallStat rows computed by the benchmarks themselves with one COPY (much faster than the service's upsert). */
final class StatRowsCopy {
    private StatRowsCopy() {
    }

    static void copy(Connection c, Map<StatKey, CallStats> rows) throws Exception {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder copy = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (Map.Entry<StatKey, CallStats> e : rows.entrySet()) {
            StatKey k = e.getKey();
            copy.append(k.userDid()).append('\t').append(k.appDid() == null ? "\\N" : k.appDid()).append('\t')
                    .append(k.modelId() == null ? "\\N" : k.modelId()).append('\t').append(k.timeType().name()).append('\t')
                    .append(k.timestamp()).append('\t').append(e.getValue().toJson().toString().replace("\\", "\\\\")).append('\t')
                    .append("\\\\x").append(hex.formatHex(e.getValue().sketchBytes())).append('\n');
        }
        new CopyManager(c.unwrap(BaseConnection.class)).copyIn(
                "COPY model_call_stats (user_did, app_did, model_id, time_type, \"timestamp\", stats, latency_sketch) FROM STDIN",
                new StringReader(copy.toString()));
    }
}
