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

    /** A partition's stored position and the instance that owns it. */
    public record Position(OptionalLong nextOffset, String owner) {
    }

    /** Locks the partition's row for this transaction and returns its next offset and owner. */
    public Position lock(Connection c, String group, TopicPartition tp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT next_offset, owner FROM consumer_offsets
                WHERE consumer_group = ? AND topic = ? AND partition_no = ? FOR UPDATE""")) {
            ps.setString(1, group);
            ps.setString(2, tp.topic());
            ps.setInt(3, tp.partition());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Position(OptionalLong.of(rs.getLong(1)), rs.getString(2)) : new Position(OptionalLong.empty(), null);
            }
        }
    }

    /**
     * Takes the partitions over for {@code owner}: waits for a batch of the previous owner still in
     * flight (row lock), then marks them, so that owner's later batches roll back. Returns the
     * stored next offsets to seek to.
     */
    public Map<TopicPartition, Long> claim(Connection c, String group, Collection<TopicPartition> partitions, String owner)
            throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO consumer_offsets (consumer_group, topic, partition_no, next_offset, owner) VALUES (?, ?, ?, 0, ?)
                ON CONFLICT (consumer_group, topic, partition_no) DO NOTHING""");
                PreparedStatement upd = c.prepareStatement("""
                        UPDATE consumer_offsets SET owner = ?, updated_at = now()
                        WHERE consumer_group = ? AND topic = ? AND partition_no = ? RETURNING next_offset""")) {
            for (TopicPartition tp : partitions) {
                ins.setString(1, group);
                ins.setString(2, tp.topic());
                ins.setInt(3, tp.partition());
                ins.setString(4, owner);
                ins.executeUpdate();
                upd.setString(1, owner);
                upd.setString(2, group);
                upd.setString(3, tp.topic());
                upd.setInt(4, tp.partition());
                try (ResultSet rs = upd.executeQuery()) {
                    rs.next();
                    offsets.put(tp, rs.getLong(1));
                }
            }
        }
        return offsets;
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
