package io.aigne.usage.aggregator.service;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.DeadLetters.Rejected;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.aggregator.storage.CallPartitions;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.events.Violation;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.DataHorizons;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import io.aigne.usage.support.EventRulesConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Applies a batch of records in a single database transaction: skips records at offsets already
 * applied (a replay after a crash or a rebalance), dead-letters invalid events (and the records
 * the caller sets aside because storage refused them), writes the calls,
 * merges calls that finished in an already flushed bucket (late events) into their ModelCallStat
 * rows, and stores the partitions' next offsets. Either all of it commits or none of it does.
 * Changes to open buckets are returned, to be applied in memory only after the commit.
 */
@ApplicationScoped
public class ModelCallBatchProcessor {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ModelCallStore calls;

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    StatsStore store;

    @Inject
    DeadLetters deadLetters;

    @Inject
    Reroutes reroutes;

    @Inject
    AggregatorConfig config;

    @Inject
    CallPartitions partitions;

    @Inject
    EventRulesConfig eventRules;

    private final Counter applied;
    private final Counter unchanged;
    private final Counter replayed;
    private final Counter finished;
    private final Counter late;
    private final Counter expired;
    private final Counter restored;

    /** A finished call's contribution to an open bucket, applied after the transaction commits. */
    public record OpenBucketAdd(int partition, StatKey key, ModelCall call) {
    }

    @Inject
    public ModelCallBatchProcessor(MeterRegistry registry) {
        applied = Counter.builder("usage.model_calls.consumed").description("Events read from the topic and applied")
                .register(registry);
        unchanged = Counter.builder("usage.model_calls.ignored_updates")
                .description("Duplicates and updates of terminal calls that changed nothing").register(registry);
        replayed = Counter.builder("usage.model_calls.replayed")
                .description("Records skipped because their offset was already applied").register(registry);
        finished = Counter.builder("usage.model_calls.finished").description("Calls that became terminal (counted in stats)")
                .register(registry);
        late = Counter.builder("usage.stats.late_events")
                .description("Finished calls whose hour was already flushed (merged into stored rows)").register(registry);
        expired = Counter.builder("usage.model_calls.expired")
                .description("Events older than the raw-call retention horizon (dead-lettered)").register(registry);
        restored = Counter.builder("usage.model_calls.restored")
                .description("Calls brought back from a retention archive (call list only)").register(registry);
    }

    /**
     * @param records in offset order within each partition
     * @param setAside records to dead-letter instead of writing, and those already dead-lettered
     */
    @Transactional(rollbackOn = Exception.class)
    public List<OpenBucketAdd> process(String group, String instance, List<ConsumerRecord<String, String>> records,
            SetAside setAside, OpenStats open) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            store.lockShared(c); // retention moves the horizons only under the exclusive lock: stable until commit
            DataHorizons horizons = DataHorizons.read(c);
            long rawCallsFrom = horizons.rawCallsFrom();
            List<IncomingCall> valid = new ArrayList<>();
            List<Rejected> invalid = new ArrayList<>();
            List<Reroutes.Misrouted> misrouted = new ArrayList<>();
            for (Map.Entry<TopicPartition, List<ConsumerRecord<String, String>>> part : byPartition(records).entrySet()) {
                TopicPartition tp = part.getKey();
                ConsumerOffsetStore.Position position = offsets.lock(c, group, tp);
                if (position.owner() != null && !position.owner().equals(instance)) {
                    throw new PartitionLostException(tp); // another instance took it over: roll everything back
                }
                OptionalLong next = position.nextOffset();
                long lastOffset = -1;
                for (ConsumerRecord<String, String> r : part.getValue()) {
                    lastOffset = r.offset();
                    if (next.isPresent() && r.offset() < next.getAsLong()) {
                        replayed.increment();
                    } else if (setAside.refusal(r) != null) {
                        invalid.add(new Rejected(r, setAside.refusal(r)));
                    } else {
                        classify(r, rawCallsFrom, valid, invalid, misrouted);
                    }
                }
                offsets.save(c, group, tp, Math.max(lastOffset + 1, next.orElse(0)));
            }
            List<Rejected> unsent = invalid.stream().filter(r -> !setAside.alreadySent(r.source())).toList();
            deadLetters.publish(unsent);
            unsent.forEach(r -> setAside.sent(r.source())); // safely on the DLQ even if this attempt rolls back
            reroutes.forward(misrouted); // sent again on a retry: a duplicate, which changes nothing
            partitions.ensure(valid.stream().map(v -> v.call().callTime()).toList(), rawCallsFrom);
            List<IncomingCall> changed = calls.write(c, valid);
            unchanged.increment(valid.size() - changed.size());
            List<OpenBucketAdd> openAdds = new ArrayList<>();
            Map<StatKey, CallStats> lateStats = new HashMap<>();
            for (IncomingCall in : changed) {
                if (in.restored()) {
                    restored.increment(); // counted when it first came; back in the call list only
                } else if (in.call().status().isTerminal()) {
                    finished.increment();
                    collect(in, open, openAdds, lateStats, horizons.hourRowsFrom());
                }
            }
            mergeLate(c, lateStats);
            applied.increment(valid.size() + invalid.size() + misrouted.size());
            return openAdds;
        }
    }

    static boolean isRestore(ConsumerRecord<String, String> r) {
        Header origin = r.headers().lastHeader(Topics.ORIGIN_HEADER);
        return Topics.isArchiveRestore(origin == null ? null : origin.value());
    }

    public static Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition(List<ConsumerRecord<String, String>> records) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> parts = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            parts.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>()).add(r);
        }
        return parts;
    }

    /** This instance no longer owns a partition of the batch. */
    public static class PartitionLostException extends RuntimeException {
        private final TopicPartition partition;

        public PartitionLostException(TopicPartition tp) {
            super(tp + " is owned by another instance now", null, false, false);
            this.partition = tp;
        }

        public TopicPartition partition() {
            return partition;
        }
    }

    private void collect(IncomingCall in, OpenStats open, List<OpenBucketAdd> openAdds, Map<StatKey, CallStats> lateStats,
            long hourRowsFrom) {
        boolean isLate = false;
        for (StatKey key : StatKey.of(in.call())) {
            if (key.timeType() == TimeType.hour && key.timestamp() < hourRowsFrom) {
                continue; // retention removed that hour's rows: its day row counts the call
            }
            if (open.isFlushed(in.partition(), key)) {
                lateStats.computeIfAbsent(key, k -> CallStats.empty(config.sketchK())).add(in.call());
                isLate = true;
            } else {
                openAdds.add(new OpenBucketAdd(in.partition(), key, in.call()));
            }
        }
        if (isLate) {
            late.increment();
        }
    }

    /** Late calls: stored row + the late calls' stats, written back with a higher version. */
    private void mergeLate(Connection c, Map<StatKey, CallStats> lateStats) throws SQLException {
        if (lateStats.isEmpty()) {
            return;
        }
        Map<StatKey, CallStats> stored = store.rowsOf(c, lateStats.keySet(), config.sketchK());
        Map<StatKey, CallStats> merged = new HashMap<>();
        lateStats.forEach((key, add) -> {
            CallStats row = stored.get(key);
            if (row == null) {
                merged.put(key, add); // no stored row yet: the late calls are the whole row
            } else {
                row.merge(add);
                merged.put(key, row);
            }
        });
        store.upsert(c, merged);
    }

    private void classify(ConsumerRecord<String, String> r, long rawCallsFrom, List<IncomingCall> valid, List<Rejected> invalid,
            List<Reroutes.Misrouted> misrouted) {
        // "now" is the record's own timestamp, so a replay decides exactly as the first pass did
        long now = r.timestamp() >= 0 ? r.timestamp() / 1000 : System.currentTimeMillis() / 1000;
        ValidationResult result = r.value() == null
                ? new ValidationResult.Invalid(List.of(new Violation("$", "empty record")))
                : ModelCallJson.parse(r.value(), eventRules.window(), now);
        if (result instanceof ValidationResult.Valid v) {
            if (v.call().callTime() < rawCallsFrom) {
                // its month was archived and dropped: its identity is gone, so it could only be counted twice
                expired.increment();
                invalid.add(new Rejected(r, "expired: callTime " + v.call().callTime() + " is before the retention horizon "
                        + rawCallsFrom + " (calls of that month were archived)"));
            } else if (!v.call().userDid().equals(r.key())) {
                misrouted.add(new Reroutes.Misrouted(r, v.call().userDid())); // its user's partition owns its statistics
            } else {
                valid.add(new IncomingCall(v.call(), r.partition(), isRestore(r)));
            }
        } else {
            invalid.add(new Rejected(r, ((ValidationResult.Invalid) result).reason()));
        }
    }
}
