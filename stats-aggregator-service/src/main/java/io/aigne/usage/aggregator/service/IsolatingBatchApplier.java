package io.aigne.usage.aggregator.service;

import io.aigne.usage.aggregator.service.ModelCallBatchProcessor.OpenBucketAdd;
import io.aigne.usage.support.DataFailures;
import io.aigne.usage.support.DataIsolation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Applies a batch so that no single record can stop a partition: when the batch's transaction
 * fails for a data reason, it is split in halves ({@link DataIsolation}), each applied on its own,
 * until the record that fails alone is found; that one is dead-lettered with the database's
 * reason (and its offset committed) while everything around it is written. Other failures (the
 * database or the broker unavailable) end the batch and come back in its outcome; the caller retries
 * from the stored offsets.
 * The open-bucket changes of every part that committed come back with the outcome, also when a
 * later part failed: the caller applies them in memory (it runs this off the consumer thread).
 */
@ApplicationScoped
public class IsolatingBatchApplier {
    private static final Logger LOG = Logger.getLogger(IsolatingBatchApplier.class);

    @Inject
    ModelCallBatchProcessor processor;

    private final Counter isolated;

    @Inject
    public IsolatingBatchApplier(MeterRegistry registry) {
        isolated = Counter.builder("usage.model_calls.isolated")
                .description("Records the database refused, set aside to the DLQ so their partition goes on").register(registry);
    }

    /**
     * What applying a batch left: the open-bucket changes of the parts that committed, and the failure
     * that stopped the rest ({@code null} when all of it committed).
     */
    public record Outcome(List<OpenBucketAdd> committed, Exception failure) {
    }

    /**
     * Never throws: a failure comes back in the outcome with what committed before it.
     *
     * @param records in offset order within each partition
     * @param open read only (which buckets are flushed); not changed here
     */
    public Outcome apply(String group, String instance, List<ConsumerRecord<String, String>> records, OpenStats open) {
        SetAside setAside = new SetAside();
        List<OpenBucketAdd> committed = new ArrayList<>();
        try {
            DataIsolation.apply(records, part -> committed.addAll(processor.process(group, instance, part, setAside, open)),
                    (poison, cause) -> {
                        LOG.warnf("%s-%d@%d refused by the database; dead-lettered: %s", poison.topic(), poison.partition(),
                                poison.offset(), cause.getMessage());
                        setAside.refuse(poison, DataFailures.reason(cause));
                        committed.addAll(processor.process(group, instance, List.of(poison), setAside, open));
                        isolated.increment();
                    });
            return new Outcome(committed, null);
        } catch (Exception e) {
            return new Outcome(committed, e);
        }
    }
}
