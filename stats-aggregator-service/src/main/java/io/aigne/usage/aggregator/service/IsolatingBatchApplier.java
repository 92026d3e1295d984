package io.aigne.usage.aggregator.service;

import io.aigne.usage.aggregator.service.ModelCallBatchProcessor.OpenBucketAdd;
import io.aigne.usage.support.DataFailures;
import io.aigne.usage.support.DataIsolation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Applies a batch so that no single record can stop a partition: when the batch's transaction
 * fails for a data reason, it is split in halves ({@link DataIsolation}), each applied on its own,
 * until the record that fails alone is found; that one is dead-lettered with the database's
 * reason (and its offset committed) while everything around it is written. Other failures (the
 * database or the broker unavailable) propagate, and the caller retries from the stored offsets.
 * Each part that commits has its open-bucket changes applied in memory right away.
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

    /** @param records in offset order within each partition */
    public void apply(String group, String instance, List<ConsumerRecord<String, String>> records, OpenStats open)
            throws Exception {
        SetAside setAside = new SetAside();
        DataIsolation.apply(records, part -> commit(processor.process(group, instance, part, setAside, open), open),
                (poison, cause) -> {
                    LOG.warnf("%s-%d@%d refused by the database; dead-lettered: %s", poison.topic(), poison.partition(),
                            poison.offset(), cause.getMessage());
                    setAside.refuse(poison, DataFailures.reason(cause));
                    commit(processor.process(group, instance, List.of(poison), setAside, open), open);
                    isolated.increment();
                });
    }

    private static void commit(List<OpenBucketAdd> adds, OpenStats open) {
        adds.forEach(a -> open.add(a.partition(), a.key(), a.call()));
    }
}
