package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.Topics;
import io.aigne.usage.testkit.DeadLetterTopic;
import io.aigne.usage.testkit.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Events produced straight to the topic, as a Kafka-speaking producer would. */
@QuarkusTest
class ModelCallConsumerTest {

    static void produce(String key, String... values) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                p.send(new ProducerRecord<>(Topics.MODEL_CALLS, key, v));
            }
            p.flush();
        }
    }

    @Test
    void duplicatesChangeNothingAndProcessingThenSuccessIsOneFinishedCall() {
        String user = TestEvents.uniqueUser();
        ObjectNode processing = TestEvents.call(user, "app", "processing", 1_764_300_000L);
        processing.put("durationMs", 0).put("totalUsage", 0).put("credits", 0);
        ObjectNode success = processing.deepCopy().put("status", "success").put("durationMs", 950.5)
                .put("totalUsage", 1200).put("credits", 0.25);
        ObjectNode lateFailure = success.deepCopy().put("status", "failed").put("errorReason", "too late");
        ObjectNode lateProcessing = processing.deepCopy();

        produce(user, processing.toString(), processing.toString(), success.toString(), success.toString(),
                lateFailure.toString(), lateProcessing.toString());

        // a marker event after the others: once it is stored, everything before it was applied
        ObjectNode marker = TestEvents.call(user, "app", "success", 1_764_300_001L);
        produce(user, marker.toString());
        List<ModelCallRows.Row> rows = ModelCallRows.await(user, r -> r.size() == 2);

        ModelCallRows.Row call = rows.stream().filter(r -> r.id().equals(processing.get("id").asText())).findFirst().orElseThrow();
        assertThat(call.status()).isEqualTo("success");
        assertThat(call.durationMs()).isEqualTo(950.5);
        assertThat(call.totalUsage()).isEqualTo(1200);
        assertThat(call.credits()).isEqualByComparingTo("0.25");
        assertThat(call.errorReason()).isNull();
    }

    @Test
    void invalidEventsGoToTheDeadLetterTopicWithTheirReasonAndTheConsumerGoesOn() {
        String user = TestEvents.uniqueUser();
        ObjectNode invalid = TestEvents.call(user, "app", "success", 1_764_300_000L).put("credits", -1);
        ObjectNode valid = TestEvents.call(user, "app", "success", 1_764_300_000L);

        produce(user, "{broken json", invalid.toString(), valid.toString());

        assertThat(ModelCallRows.await(user, r -> r.size() == 1)).extracting(ModelCallRows.Row::id)
                .containsExactly(valid.get("id").asText());
        List<ConsumerRecord<String, String>> dead = readDeadLetters(user, 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{broken json", invalid.toString());
        assertThat(reason(dead.get(0))).startsWith("$: malformed JSON");
        assertThat(reason(dead.get(1))).isEqualTo("credits: must be >= 0");
    }

    static String reason(ConsumerRecord<String, String> r) {
        return DeadLetterTopic.header(r, Topics.DLQ_REASON_HEADER);
    }

    static List<ConsumerRecord<String, String>> readDeadLetters(String key, int expected) {
        return DeadLetterTopic.read(key, expected, r -> true);
    }
}
