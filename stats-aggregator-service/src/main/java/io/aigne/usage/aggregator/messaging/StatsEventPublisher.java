package io.aigne.usage.aggregator.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatEvent;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Drains stats_outbox to {@link Topics#MODEL_CALL_STATS}: one event per changed ModelCallStat
 * row with its current version (docs/contracts.md §6; hour rows with their sketch, decision 0009).
 * Rows leave the outbox only after Kafka
 * acknowledged, so an event may repeat after a crash but is never lost; consumers keep the
 * highest version. A round ({@link #send}) keeps its transaction, and with it the drain lock, open
 * until its entries are removed.
 */
@ApplicationScoped
public class StatsEventPublisher {
    private static final int BATCH = 1_000;
    private static final long DRAIN_LOCK = 0x5A77_0004L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Producer<String, String> producer;

    /** Publishes until the outbox is empty, removing each page once Kafka acknowledged it; returns the number of entries. */
    public int drain() throws SQLException {
        int total = 0;
        int page;
        do {
            try (Round round = send(1)) {
                page = round.complete();
            }
            total += page;
        } while (page == BATCH);
        return total;
    }

    /**
     * Publishes up to {@code maxPages} pages of outbox entries (until Kafka acknowledged them) in a transaction that stays open:
     * the entries leave the outbox only with {@link Round#complete}, which a caller may run later, once
     * its own writes are not in flight (until then this round holds no row lock). Closing a round not
     * completed rolls it back: its entries are published again by the next round.
     */
    public Round send(int maxPages) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            List<Long> ids = new ArrayList<>();
            if (tryDrainLock(c)) {
                int pages = 0;
                int page;
                do {
                    page = publishPage(c, ids);
                } while (page == BATCH && ++pages < maxPages);
            }
            return new Round(c, ids);
        } catch (SQLException | RuntimeException | Error e) {
            rollbackAndClose(c);
            throw e;
        }
    }

    /** One round's published entries, still in the outbox until {@link #complete}. */
    public static final class Round implements AutoCloseable {
        private Connection connection;
        private final List<Long> ids;

        private Round(Connection connection, List<Long> ids) {
            this.connection = connection;
            this.ids = ids;
        }

        /** Removes the published entries (an entry changed again since has a new id and stays); returns their number. */
        public int complete() throws SQLException {
            if (!ids.isEmpty()) {
                try (PreparedStatement del = connection.prepareStatement("DELETE FROM stats_outbox WHERE id = ANY (?)")) {
                    del.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                    del.executeUpdate();
                }
            }
            connection.commit();
            close();
            return ids.size();
        }

        @Override
        public void close() {
            if (connection != null) {
                rollbackAndClose(connection);
                connection = null;
            }
        }
    }

    /** Reads and publishes the next page of entries after those in {@code ids}; returns how many it read. */
    private int publishPage(Connection c, List<Long> ids) throws SQLException {
        long after = ids.isEmpty() ? Long.MIN_VALUE : ids.get(ids.size() - 1);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Set<String> announced = new HashSet<>();
        int read = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT o.id, s.user_did, s.app_did, s.model_id, s."timestamp", s.time_type, s.stats,
                       s.latency_sketch, s.version
                FROM stats_outbox o LEFT JOIN model_call_stats s ON s.user_did = o.user_did AND s.id = o.stat_id
                WHERE o.id > ? ORDER BY o.id LIMIT ?""")) {
            ps.setLong(1, after);
            ps.setInt(2, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read++;
                    ids.add(rs.getLong(1));
                    if (rs.getString(2) == null) {
                        continue; // its row is gone (a reconcile deleted it): nothing left to announce
                    }
                    // a row changed several times since the last drain: its current state once is enough
                    if (!announced.add(rs.getString(2) + '|' + rs.getString(3) + '|' + rs.getString(4) + '|' + rs.getString(6)
                            + '|' + rs.getLong(5))) {
                        continue;
                    }
                    sends.add(producer.send(new ProducerRecord<>(Topics.MODEL_CALL_STATS, rs.getString(2), event(rs).toJson())));
                }
            }
        }
        if (read == 0) {
            return 0; // an empty outbox: nothing to flush or wait for (the idle drain asks every second)
        }
        producer.flush();
        Acks.awaitAll(sends, Duration.ofSeconds(30));
        return read;
    }

    private static void rollbackAndClose(Connection c) {
        try (c) {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken: the database rolls back what it held
        }
    }

    /**
     * One drainer at a time across replicas, for this transaction: an advisory lock rather than
     * row locks with SKIP LOCKED, which would span every user's rows (Citus refuses those).
     */
    private static boolean tryDrainLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, DRAIN_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static StatEvent event(ResultSet rs) throws SQLException {
        try {
            ObjectNode stats = (ObjectNode) ModelCallJson.MAPPER.readTree(rs.getString(7));
            StatKey key = new StatKey(rs.getString(2), rs.getString(3), rs.getString(4), TimeType.valueOf(rs.getString(6)),
                    rs.getLong(5));
            return new StatEvent(key, CallStats.readOnly(stats, rs.getBytes(8)), rs.getInt(9), false); // announced as stored
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable stats JSON", e);
        }
    }
}
