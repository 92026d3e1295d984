package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Produces validated calls to {@link Topics#MODEL_CALLS}, keyed by userDid, and waits for the acks. */
@ApplicationScoped
public class ModelCallPublisher {

    @Inject
    Producer<String, String> producer;

    @Inject
    AggregatorConfig config;

    public void publish(List<ModelCall> calls) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(calls.size());
        for (ModelCall call : calls) {
            sends.add(producer.send(new ProducerRecord<>(Topics.MODEL_CALLS, call.userDid(), ModelCallJson.toJson(call))));
        }
        producer.flush();
        Acks.awaitAll(sends, config.ingest().ackTimeout());
    }
}
