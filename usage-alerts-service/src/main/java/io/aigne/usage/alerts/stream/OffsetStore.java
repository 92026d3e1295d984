package io.aigne.usage.alerts.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The next offset per topic partition, written in the transaction of the state it produced. */
final class OffsetStore {
    private OffsetStore() {
    }

    static Map<TopicPartition, Long> read(Connection c) throws SQLException {
        Map<TopicPartition, Long> next = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT topic, partition, next_offset FROM alert_offsets");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                next.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return next;
    }

    /** Moves forward only: a replica that lost a partition cannot take its offset back. */
    static void save(Connection c, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_offsets (topic, partition, next_offset) VALUES (?, ?, ?)
                ON CONFLICT (topic, partition) DO UPDATE SET next_offset = GREATEST(alert_offsets.next_offset, excluded.next_offset)""")) {
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                ps.setString(1, e.getKey().topic());
                ps.setInt(2, e.getKey().partition());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
