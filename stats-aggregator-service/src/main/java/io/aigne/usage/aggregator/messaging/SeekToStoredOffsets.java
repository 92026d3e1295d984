package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.service.FlushRequests;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** On (re)assignment, continue exactly where the database says this group stopped. */
final class SeekToStoredOffsets implements ConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(SeekToStoredOffsets.class);

    private final KafkaConsumer<String, String> consumer;
    private final ConsumerRun run;
    private final PartitionTakeover takeover;
    private final PartitionProgress progress;
    private final FlushRequests flushes;

    SeekToStoredOffsets(KafkaConsumer<String, String> consumer, ConsumerRun run, PartitionTakeover takeover,
            PartitionProgress progress, FlushRequests flushes) {
        this.consumer = consumer;
        this.run = run;
        this.takeover = takeover;
        this.progress = progress;
        this.flushes = flushes;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
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
        // every applied batch is already in the database; the next owner rebuilds from it
        run.open().revoke(partitions.stream().map(TopicPartition::partition).toList());
        progress.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
