package io.aigne.usage.quota.ledger;

import io.aigne.usage.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends a call the ledger's database refused to {@link Topics#MODEL_CALLS_DLQ} (original key and
 * value, the reason, {@code dlq-source} naming the ledger and the position), waiting for the ack
 * so the batch only moves on once the record is safely set aside.
 */
@ApplicationScoped
public class LedgerDeadLetters {
    static final String SOURCE = "quota-ledger";

    @Inject
    @Channel("ledger-dead-letters")
    MutinyEmitter<String> emitter;

    private final Counter deadLettered;

    @Inject
    public LedgerDeadLetters(MeterRegistry registry) {
        deadLettered = Counter.builder("usage.ledger.dead_lettered")
                .description("Finished calls the ledger's database refused, set aside to the DLQ").register(registry);
    }

    void send(ConsumerRecord<String, String> source, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-source", (SOURCE + ":" + source.topic() + "-" + source.partition() + "@" + source.offset())
                .getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(source.key()).withHeaders(headers).build();
        emitter.sendMessageAndAwait(Message.of(source.value()).addMetadata(metadata));
        deadLettered.increment();
    }
}
