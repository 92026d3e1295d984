package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.service.FlushRequests;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * On (re)assignment, continue exactly where the database says this group stopped. The batch in
 * flight is settled first, so its open-bucket changes land before partitions are dropped or rebuilt,
 * and records polled for the next batch are dropped (their partitions go back to the stored offsets).
 */
final class SeekToStoredOffsets implements ConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(SeekToStoredOffsets.class);

    private final KafkaConsumer<String, String> consumer;
    private final ConsumerRun run;
    private final PartitionTakeover takeover;
    private final PartitionProgress progress;
    private final StoredPositions positions;
    private final FlushRequests flushes;
    private final InFlightBatch inFlight;

    /** Waits for the batch in flight, completes it and drops the records polled for the next. */
    @FunctionalInterface
    interface InFlightBatch {
        void drop() throws InterruptedException;
    }

    SeekToStoredOffsets(KafkaConsumer<String, String> consumer, ConsumerRun run, PartitionTakeover takeover,
            PartitionProgress progress, StoredPositions positions, FlushRequests flushes, InFlightBatch inFlight) {
        this.consumer = consumer;
        this.run = run;
        this.takeover = takeover;
        this.progress = progress;
        this.positions = positions;
        this.flushes = flushes;
        this.inFlight = inFlight;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        dropInFlight();
        run.open().revoke(partitions.stream().map(TopicPartition::partition).toList()); // rebuilt from the database below
        try {
            takeover.ensureOwned(consumer, run, partitions);
        } catch (Exception e) {
            LOG.warn("Could not rebuild open statistics yet; retrying before the next batch", e);
        }
        flushes.request(); // catch up on flushes missed while down
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        dropInFlight();
        // every applied batch is already in the database; the next owner rebuilds from it
        run.open().revoke(partitions.stream().map(TopicPartition::partition).toList());
        progress.revoked(partitions);
        positions.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    private void dropInFlight() {
        try {
            inFlight.drop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the transaction decides itself, memory is dropped anyway
        }
    }
}
