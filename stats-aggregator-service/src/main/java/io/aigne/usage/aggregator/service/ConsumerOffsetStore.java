package io.aigne.usage.aggregator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's position, kept in PostgreSQL next to the data it produced (idempotent consumer):
 * a batch and its new offsets commit together, so a replayed record is recognised and skipped.
 */
@ApplicationScoped
public class ConsumerOffsetStore {

    /** Locks the partition's row for this transaction and returns its next offset, if any. */
    public OptionalLong lockNextOffset(Connection c, String group, TopicPartition tp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT next_offset FROM consumer_offsets
                WHERE consumer_group = ? AND topic = ? AND partition_no = ? FOR UPDATE""")) {
            ps.setString(1, group);
            ps.setString(2, tp.topic());
            ps.setInt(3, tp.partition());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    public void save(Connection c, String group, TopicPartition tp, long nextOffset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO consumer_offsets (consumer_group, topic, partition_no, next_offset) VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer_group, topic, partition_no)
                DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()""")) {
            ps.setString(1, group);
            ps.setString(2, tp.topic());
            ps.setInt(3, tp.partition());
            ps.setLong(4, nextOffset);
            ps.executeUpdate();
        }
    }

    public Map<TopicPartition, Long> read(Connection c, String group, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition_no = ?""")) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, group);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        offsets.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return offsets;
    }
}
