package io.aigne.usage.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.support.StoredOffsetSeek;
import io.aigne.usage.testkit.LocalInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What the real broker and consumer do when a running consumer falls behind the log's start: the
 * consumer's reset policy (earliest, as the aggregator's and the alerts service's) moves it on inside a
 * poll without a word, and {@link StoredOffsetSeek#polled} is what notices and counts the records skipped.
 */
class RetentionWhileBehindTest {

    @Test
    void recordsRetentionRemovedWhileTheConsumerWasBehindAreCountedOnceAndTheRestIsRead() throws Exception {
        String bootstrap = LocalInfra.get().kafka().bootstrapServers();
        TopicPartition tp = new TopicPartition("retention-while-behind-" + UUID.randomUUID(), 0);
        Map<TopicPartition, Long> lost = new HashMap<>();
        StoredOffsetSeek seek = new StoredOffsetSeek(Duration.ofSeconds(1), (p, n) -> lost.merge(p, n, Long::sum));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        "bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        // a fetch left waiting at the end of a poll returns before the records below are produced
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50), new StringDeserializer(), new StringDeserializer())) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 1))).all().get();
            List<Long> read = new ArrayList<>();
            send(producer, tp, 5); // offsets 0..4
            consumer.assign(List.of(tp));
            seek.seekTo(consumer, Map.of(tp, 0L)); // the stored offset
            pollUntil(consumer, seek, read, 5);
            Thread.sleep(500); // no fetch in flight now: the consumer reads nothing until it polls again

            send(producer, tp, 10); // 5..14, while the consumer is busy elsewhere
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(12))).all().get(); // retention removes 5..11
            send(producer, tp, 1); // 15
            pollUntil(consumer, seek, read, 9);

            assertThat(read).containsExactly(0L, 1L, 2L, 3L, 4L, 12L, 13L, 14L, 15L);
            assertThat(lost).isEqualTo(Map.of(tp, 7L));

            seek.seekTo(consumer, Map.of(tp, 5L)); // a failed batch: back to its stored offset, inside the range reported
            assertThat(lost).as("counted once").isEqualTo(Map.of(tp, 7L));
            assertThat(consumer.position(tp)).isEqualTo(12);
        }
    }

    private static void send(KafkaProducer<String, String> producer, TopicPartition tp, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k", "v")).get();
        }
    }

    /** Polls as the consumers do (each poll's records handed to the check) until {@code total} records were read. */
    private static void pollUntil(KafkaConsumer<String, String> consumer, StoredOffsetSeek seek, List<Long> read, int total) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            seek.polled(consumer, records);
            records.forEach(r -> read.add(r.offset()));
            return read.size() >= total;
        });
    }
}
