package io.aigne.usage.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.StatsTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Reads model_call_stats rows straight from PostgreSQL, through their owner ({@link StatsTable}). */
public final class StatRows {

    public record Row(JsonNode stats, byte[] sketch, int version) {
    }

    private StatRows() {
    }

    public static Map<ReferenceStats.Bucket, Row> of(String jdbcUrl, String userDid) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            Map<ReferenceStats.Bucket, Row> rows = new HashMap<>();
            for (StatsTable.StoredRow row : StatsTable.rowsOfUser(c, userDid)) {
                StatKey k = row.key();
                rows.put(new ReferenceStats.Bucket(userDid, k.appDid(), k.modelId(), k.timeType().name(), k.timestamp()),
                        new Row(ModelCallJson.MAPPER.readTree(row.statsJson()), row.sketch(), row.version()));
            }
            return rows;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<ReferenceStats.Bucket, Row> of(String userDid) {
        return of(LocalInfra.get().postgres().jdbcUrl(), userDid);
    }
}
