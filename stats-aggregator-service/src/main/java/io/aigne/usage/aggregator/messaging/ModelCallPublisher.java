package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
        send(calls, false);
    }

    /** Calls coming back from a retention archive: marked so the consumers do not count them again. */
    public void publishRestored(List<ModelCall> calls) {
        send(calls, true);
    }

    private void send(List<ModelCall> calls, boolean restored) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(calls.size());
        for (ModelCall call : calls) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MODEL_CALLS, call.userDid(), ModelCallJson.toJson(call));
            if (restored) {
                record.headers().add(Topics.ORIGIN_HEADER, Topics.ORIGIN_ARCHIVE_RESTORE.getBytes(StandardCharsets.UTF_8));
            }
            sends.add(producer.send(record));
        }
        producer.flush();
        Acks.awaitAll(sends, config.ingest().ackTimeout());
    }
}
