package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.service.Reroutes;
import io.aigne.usage.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends misrouted events to {@link Topics#MODEL_CALLS} again, keyed by their userDid, with their
 * value, headers (an archive restore's origin) and timestamp (validation decides by it, so the
 * event is judged as before). A repeat after a rolled-back batch is a duplicate, which changes nothing.
 */
@ApplicationScoped
public class ReroutePublisher implements Reroutes {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Producer<String, String> producer;

    private final Counter rerouted;

    @Inject
    public ReroutePublisher(MeterRegistry registry) {
        rerouted = Counter.builder("usage.model_calls.rerouted")
                .description("Events produced under another key than their userDid, sent again keyed by it").register(registry);
    }

    @Override
    public void forward(List<Misrouted> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Misrouted m : events) {
            Long timestamp = m.source().timestamp() >= 0 ? m.source().timestamp() : null;
            sends.add(producer.send(new ProducerRecord<>(Topics.MODEL_CALLS, null, timestamp, m.userDid(), m.source().value(),
                    m.source().headers())));
        }
        producer.flush();
        Acks.awaitAll(sends, ACK_TIMEOUT);
        rerouted.increment(events.size());
    }
}
