package io.aigne.usage.aggregator.service;

import io.aigne.usage.aggregator.messaging.DeadLetterPublisher;
import io.aigne.usage.aggregator.messaging.DeadLetterPublisher.Rejected;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.ValidationResult;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Applies one polled batch in a single database transaction: skips records at offsets already
 * applied (a replay after a crash or a rebalance), dead-letters invalid events, writes the calls
 * and stores the partitions' next offsets. Either all of it commits or none of it does.
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
    DeadLetterPublisher deadLetters;

    private final Counter applied;
    private final Counter unchanged;
    private final Counter replayed;

    @Inject
    public ModelCallBatchProcessor(MeterRegistry registry) {
        applied = Counter.builder("usage.model_calls.consumed").description("Events read from the topic and applied")
                .register(registry);
        unchanged = Counter.builder("usage.model_calls.ignored_updates")
                .description("Duplicates and updates of terminal calls that changed nothing").register(registry);
        replayed = Counter.builder("usage.model_calls.replayed")
                .description("Records skipped because their offset was already applied").register(registry);
    }

    @Transactional
    public void process(String group, ConsumerRecords<String, String> records) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<ModelCall> valid = new ArrayList<>();
            List<Rejected> invalid = new ArrayList<>();
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, String>> partitionRecords = records.records(tp);
                OptionalLong next = offsets.lockNextOffset(c, group, tp);
                long lastOffset = -1;
                for (ConsumerRecord<String, String> r : partitionRecords) {
                    lastOffset = r.offset();
                    if (next.isPresent() && r.offset() < next.getAsLong()) {
                        replayed.increment();
                        continue;
                    }
                    classify(r, valid, invalid);
                }
                offsets.save(c, group, tp, Math.max(lastOffset + 1, next.orElse(0)));
            }
            deadLetters.publish(invalid);
            unchanged.increment(calls.write(c, valid));
            applied.increment(valid.size() + invalid.size());
        }
    }

    private static void classify(ConsumerRecord<String, String> r, List<ModelCall> valid, List<Rejected> invalid) {
        ValidationResult result = r.value() == null
                ? new ValidationResult.Invalid(List.of(new io.aigne.usage.events.Violation("$", "empty record")))
                : ModelCallJson.parse(r.value());
        if (result instanceof ValidationResult.Valid v) {
            valid.add(v.call());
        } else {
            invalid.add(new Rejected(r, ((ValidationResult.Invalid) result).reason()));
        }
    }
}
