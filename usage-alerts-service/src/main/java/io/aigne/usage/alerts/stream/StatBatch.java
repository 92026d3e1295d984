package io.aigne.usage.alerts.stream;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.alerts.evaluate.RuleEvaluator;
import io.aigne.usage.alerts.evaluate.UserLock;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatEvent;
import io.aigne.usage.support.DataFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One polled batch of stat events in one transaction: the newest bucket states, the rules of the
 * users the batch touched evaluated (episodes, notifications, deliveries) and the next offsets.
 * A replay finds every state already known and every episode already decided: nothing changes.
 */
@ApplicationScoped
public class StatBatch {
    private static final Logger LOG = Logger.getLogger(StatBatch.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RuleEvaluator evaluator;

    @Inject
    Clock clock;

    private final Counter consumed;
    private final Counter malformed;

    @Inject
    StatBatch(MeterRegistry registry) {
        consumed = Counter.builder("usage.alerts.stat_events").description("Stat events consumed").register(registry);
        malformed = Counter.builder("usage.alerts.stat_events_malformed").description("Stat events skipped as unreadable")
                .register(registry);
    }

    @Transactional(rollbackOn = Exception.class)
    public void apply(List<ConsumerRecord<String, String>> records) throws SQLException {
        List<StatEvent> events = new ArrayList<>(records.size());
        Map<TopicPartition, Long> next = new HashMap<>();
        TreeSet<String> users = new TreeSet<>(); // sorted: two transactions lock users in the same order
        for (ConsumerRecord<String, String> r : records) {
            next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            try {
                StatEvent e = StatEvent.parse(r.value(), CallStats.DEFAULT_K);
                events.add(e);
                users.add(e.key().userDid());
            } catch (IllegalArgumentException | NullPointerException e) {
                // only the aggregator writes these topics; one unreadable event must not stop everyone's alerts
                malformed.increment();
                LOG.warnf("Skipped an unreadable stat event at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        try (Connection c = dataSource.getConnection()) {
            for (String user : users) {
                UserLock.lock(c, user);
            }
            BucketStore.keepNewest(c, events);
            long now = clock.instant().getEpochSecond();
            for (String user : users) {
                evaluator.evaluate(c, user, now);
            }
            OffsetStore.save(c, next);
        }
        consumed.increment(records.size());
    }

    /**
     * A record the database refused for its data (found alone by {@code DataIsolation}): skipped,
     * counted, and its offset stored so that it is not read again.
     */
    @Transactional(rollbackOn = Exception.class)
    public void skip(ConsumerRecord<String, String> r, Throwable cause) throws SQLException {
        malformed.increment();
        LOG.warnf("Skipped a stat event the database refused at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                DataFailures.reason(cause));
        try (Connection c = dataSource.getConnection()) {
            OffsetStore.save(c, Map.of(new TopicPartition(r.topic(), r.partition()), r.offset() + 1));
        }
    }

    /** The stored offsets, read when partitions are assigned. */
    @Transactional
    public Map<TopicPartition, Long> storedOffsets() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return OffsetStore.read(c);
        }
    }
}
