package io.aigne.usage.aggregator.messaging;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.ConsumerOffsetStore;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier;
import io.aigne.usage.aggregator.service.ModelCallBatchProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One polled batch on the consumer thread: take over partitions not yet owned, apply the records
 * ({@link IsolatingBatchApplier}: one transaction with the offsets, bad records set aside), then
 * commit Kafka's offsets for lag tools. A batch that fails otherwise is retried: the partitions
 * are put back at their stored offsets after a backoff, and their stall is recorded.
 */
@ApplicationScoped
class BatchStep {
    private static final Logger LOG = Logger.getLogger(BatchStep.class);

    @Inject
    IsolatingBatchApplier applier;

    @Inject
    PartitionTakeover takeover;

    @Inject
    PartitionProgress progress;

    @Inject
    OutboxDrain outbox;

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregatorConfig config;

    void apply(KafkaConsumer<String, String> c, ConsumerRun run, ConsumerRecords<String, String> records)
            throws InterruptedException {
        try {
            if (takeover.ensureOwned(c, run, records.partitions())) {
                return; // just taken over: continue from the claimed offsets, not from this batch
            }
            List<ConsumerRecord<String, String>> all = new ArrayList<>(records.count());
            records.forEach(all::add);
            applier.apply(run.group(), run.instance(), all, run.open());
            progress.progressed(records.partitions());
            c.commitAsync(nextOffsets(records), null);
            outbox.afterBatch();
        } catch (ModelCallBatchProcessor.PartitionLostException e) {
            LOG.infof("%s; dropping its open statistics", e.getMessage());
            run.open().revoke(records.partitions().stream().map(TopicPartition::partition).toList());
        } catch (Exception e) {
            LOG.errorf(e, "Batch of %d records failed; will retry from the stored offsets", records.count());
            progress.failed(records.partitions());
            rewind(c, run.group(), records.partitions());
            Thread.sleep(config.consumer().retryBackoff().toMillis());
        }
    }

    /** Consumer lag per assigned partition, for the metric (the consumer is only safe on its own thread). */
    void recordLag(KafkaConsumer<String, String> c) {
        for (TopicPartition tp : c.assignment()) {
            c.currentLag(tp).ifPresent(l -> progress.lag(tp, l));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> rs = records.records(tp);
            next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return next;
    }

    /** After a failure: position every partition of the batch at its stored offset again. */
    private void rewind(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = readStored(group, partitions);
        for (TopicPartition tp : partitions) {
            if (stored.containsKey(tp)) {
                c.seek(tp, stored.get(tp));
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
    }

    private Map<TopicPartition, Long> readStored(String group, Collection<TopicPartition> partitions) {
        try (Connection conn = dataSource.getConnection()) {
            return offsets.read(conn, group, partitions);
        } catch (Exception e) {
            // database down: replaying from the beginning of what we hold is safe, stored offsets skip it later
            LOG.warn("Cannot read stored offsets", e);
            return Map.of();
        }
    }
}
