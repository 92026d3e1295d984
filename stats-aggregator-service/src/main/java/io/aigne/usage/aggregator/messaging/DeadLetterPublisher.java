package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.service.DeadLetters;
import io.aigne.usage.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends events that failed validation to {@link Topics#MODEL_CALLS_DLQ}: the original key and
 * value, the reason and the source position in headers. Waits for the acks, so the consumer only
 * moves past an invalid event once it is safely dead-lettered.
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetters {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Producer<String, String> producer;

    private final Counter deadLettered;

    @Inject
    public DeadLetterPublisher(MeterRegistry registry) {
        deadLettered = Counter.builder("usage.model_calls.dead_lettered").description("Invalid events sent to the DLQ")
                .register(registry);
    }

    @Override
    public void publish(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Rejected r : rejected) {
            ProducerRecord<String, String> out = new ProducerRecord<>(Topics.MODEL_CALLS_DLQ, r.source().key(), r.source().value());
            out.headers().add(Topics.DLQ_REASON_HEADER, r.reason().getBytes(StandardCharsets.UTF_8));
            out.headers().add("dlq-source", (r.source().topic() + "-" + r.source().partition() + "@" + r.source().offset())
                    .getBytes(StandardCharsets.UTF_8));
            sends.add(producer.send(out));
        }
        producer.flush();
        Acks.awaitAll(sends, ACK_TIMEOUT);
        deadLettered.increment(rejected.size());
    }
}
