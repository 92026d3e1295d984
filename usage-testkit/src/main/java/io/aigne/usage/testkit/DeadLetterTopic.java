package io.aigne.usage.testkit;

import io.aigne.usage.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the dead-letter topic of the tests' broker from the start, as an operator would. */
public final class DeadLetterTopic {
    private DeadLetterTopic() {
    }

    /** The dead letters with this key that {@code which} accepts, once {@code expected} are there or after 30 s. */
    public static List<ConsumerRecord<String, String>> read(String key, int expected, Predicate<ConsumerRecord<String, String>> which) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.MODEL_CALLS_DLQ));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key()) && which.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
