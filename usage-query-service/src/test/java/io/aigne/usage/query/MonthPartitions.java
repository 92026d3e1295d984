package io.aigne.usage.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * model_calls is partitioned by UTC month of call_time (V7): a test that writes calls directly (the
 * aggregator's job in production, which creates the partitions ahead) first creates the months it
 * writes into, through the schema's own function.
 */
public final class MonthPartitions {
    private MonthPartitions() {
    }

    /** Every month partition from the month holding {@code from} to the one holding {@code to}. */
    public static void ensure(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT model_calls_month_partition(?)")) {
            ZonedDateTime month = Instant.ofEpochSecond(from).atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
                    .atStartOfDay(ZoneOffset.UTC);
            for (; month.toEpochSecond() <= to; month = month.plusMonths(1)) {
                ps.setLong(1, month.toEpochSecond());
                ps.executeQuery().close();
            }
        }
    }
}
