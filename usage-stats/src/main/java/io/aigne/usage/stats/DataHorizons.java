package io.aigne.usage.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a reader may trust at this moment, read in one statement: every bucket ending at or before
 * {@code flushedUntil} is complete in model_call_stats ({@link WatermarkTable}); hour rows exist
 * from {@code hourRowsFrom} on and raw calls from {@code rawCallsFrom} on (table
 * {@code data_retention}, moved only forward by the aggregator's retention job, and back by an
 * archive restore); day rows are kept forever. 0 means retention removed nothing of that kind.
 */
public record DataHorizons(long flushedUntil, long hourRowsFrom, long rawCallsFrom) {
    /** Nothing flushed, nothing removed. */
    public static final DataHorizons NONE = new DataHorizons(0, 0, 0);

    public static DataHorizons read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT coalesce(min(flushed_until), 0) FROM stat_watermarks),
                       coalesce((SELECT kept_from FROM data_retention WHERE kind = 'hour'), 0),
                       coalesce((SELECT kept_from FROM data_retention WHERE kind = 'raw'), 0)""");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new DataHorizons(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    /** True when retention removed hour rows or raw calls. */
    public boolean anythingRemoved() {
        return hourRowsFrom > 0 || rawCallsFrom > 0;
    }
}
