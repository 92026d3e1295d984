package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.testkit.DeadLetterTopic;
import io.aigne.usage.testkit.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
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

    /** Calls are copied in as text (COPY): every character a producer may send must come back as sent. */
    @Test
    void textAndJsonFieldsAreStoredExactlyAsSent() throws Exception {
        String user = TestEvents.uniqueUser();
        String tricky = "tab\there, line\nbreak\r\n, back\\slash, \\N, \\., quote \" ', 中文 ✓ 🚀";
        ObjectNode event = TestEvents.call(user, "app " + tricky, "failed", 1_764_300_000L);
        event.put("model", "model " + tricky).put("providerId", "provider " + tricky).put("errorReason", "error " + tricky)
                .put("requestId", "request " + tricky).put("traceId", "trace " + tricky).put("durationMs", 1.0E-4);
        event.putObject("usageMetrics").put("inputTokens", 7).put("note", tricky);
        event.putObject("metadata").put("prompt", tricky).putArray("list").add(tricky).add(1.5);
        produce(user, event.toString());
        ModelCallRows.await(user, r -> r.size() == 1);

        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        SELECT app_did, model, provider_id, error_reason, request_id, trace_id, usage_metrics::text, metadata::text,
                               duration_ms
                        FROM model_calls WHERE user_did = ?""")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(event.get("appDid").asText());
                assertThat(rs.getString(2)).isEqualTo(event.get("model").asText());
                assertThat(rs.getString(3)).isEqualTo(event.get("providerId").asText());
                assertThat(rs.getString(4)).isEqualTo(event.get("errorReason").asText());
                assertThat(rs.getString(5)).isEqualTo(event.get("requestId").asText());
                assertThat(rs.getString(6)).isEqualTo(event.get("traceId").asText());
                assertThat(json(rs.getString(7))).isEqualTo(json(event.get("usageMetrics").toString()));
                assertThat(json(rs.getString(8))).isEqualTo(json(event.get("metadata").toString()));
                assertThat(rs.getDouble(9)).isEqualTo(1.0E-4);
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return ModelCallJson.MAPPER.readTree(text);
    }

    /**
     * A partition owns its users' open hours and replaces their rows when it flushes, so a call
     * consumed on another partition than its user's would overwrite (or be overwritten by) the
     * user's other calls: events under another key, or none, are applied on the user's partition.
     */
    @Test
    void eventsUnderAnotherKeyOrNoneAreAppliedOnTheirUsersPartitionOnce() throws Exception {
        String user = TestEvents.uniqueUser();
        int partitions;
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            partitions = p.partitionsFor(Topics.MODEL_CALLS).size();
        }
        int usersPartition = partitionOf(user, partitions);
        String otherKey = "did:abt:someone-else";
        for (int i = 0; partitionOf(otherKey, partitions) == usersPartition; i++) {
            otherKey = "did:abt:someone-else-" + i; // a key the producer sends to another partition
        }
        ObjectNode underOtherKey = TestEvents.call(user, "app", "success", 1_764_300_000L);
        ObjectNode underNoKey = TestEvents.call(user, "app", "success", 1_764_300_001L);

        produce(otherKey, underOtherKey.toString());
        produce(null, underNoKey.toString(), underNoKey.toString());

        assertThat(ModelCallRows.await(user, r -> r.size() == 2)).extracting(ModelCallRows.Row::id)
                .containsExactlyInAnyOrder(underOtherKey.get("id").asText(), underNoKey.get("id").asText());
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("SELECT partition_no FROM model_calls WHERE user_did = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getInt(1)).as("the partition that applied it").isEqualTo(usersPartition);
                }
            }
        }
    }

    /**
     * Another instance claims a partition while events flow (this one has not noticed a rebalance
     * yet): this instance's batch touching it rolls back, it drops what it polled since and takes the
     * partition back, and no call of any partition is lost or stored twice.
     */
    @Test
    void aPartitionClaimedAwayMidStreamIsTakenBackAndNoPartitionLosesACall() throws Exception {
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            users.add(TestEvents.uniqueUser());
        }
        Map<String, Set<String>> sent = new HashMap<>();
        int claimed;
        // one producer for every user: a poll then holds records of several partitions at once
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            claimed = partitionOf(users.get(0), p.partitionsFor(Topics.MODEL_CALLS).size());
            for (int wave = 0; wave < 6; wave++) {
                if (wave == 2) {
                    try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                            PreparedStatement ps = c.prepareStatement(
                                    "UPDATE consumer_offsets SET owner = 'aggregator-elsewhere' WHERE topic = ? AND partition_no = ?")) {
                        ps.setString(1, Topics.MODEL_CALLS);
                        ps.setInt(2, claimed);
                        assertThat(ps.executeUpdate()).isPositive();
                    }
                }
                for (String user : users) {
                    for (int i = 0; i < 15; i++) {
                        ObjectNode call = TestEvents.call(user, "app", "success", 1_764_300_000L + wave * 60 + i);
                        sent.computeIfAbsent(user, k -> new HashSet<>()).add(call.get("id").asText());
                        p.send(new ProducerRecord<>(Topics.MODEL_CALLS, user, call.toString()));
                    }
                }
                p.flush();
            }
        }

        for (String user : users) {
            List<ModelCallRows.Row> rows = ModelCallRows.await(user, r -> r.size() >= sent.get(user).size());
            assertThat(rows).extracting(ModelCallRows.Row::id).containsExactlyInAnyOrderElementsOf(sent.get(user));
        }
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("SELECT owner FROM consumer_offsets WHERE topic = ? AND partition_no = ?")) {
            ps.setString(1, Topics.MODEL_CALLS);
            ps.setInt(2, claimed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).as("taken back").isNotEqualTo("aggregator-elsewhere");
                }
            }
        }
    }

    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions; // Kafka's default for a key
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
