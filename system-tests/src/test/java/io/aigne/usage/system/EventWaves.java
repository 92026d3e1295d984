package io.aigne.usage.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Random ModelCall traffic produced straight to the topic (as AIGNE Hub would), recorded in a
 * reference model: past hours (late events), the current hour (open buckets), processing →
 * terminal pairs, duplicates and attempts to change finished calls.
 */
final class EventWaves implements AutoCloseable {
    final List<String> users = new ArrayList<>();
    final ExpectedCalls expected = new ExpectedCalls();
    private final Random random;
    private final KafkaProducer<String, String> producer;
    private final List<ObjectNode> sent = new ArrayList<>();

    EventWaves(long seed, int userCount) {
        random = new Random(seed);
        for (int i = 0; i < userCount; i++) {
            users.add("did:abt:wave-" + UUID.randomUUID());
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Produces one wave of {@code n} events and waits for the broker's acks. */
    void produce(int n, long now) {
        for (int i = 0; i < n; i++) {
            ObjectNode e = next(now);
            expected.sent(e);
            sent.add(e);
            producer.send(new ProducerRecord<>(Topics.MODEL_CALLS, e.get("userDid").asText(), e.toString()));
        }
        producer.flush();
    }

    private ObjectNode next(long now) {
        int kind = random.nextInt(10);
        if (kind == 0 && !sent.isEmpty()) {
            return sent.get(random.nextInt(sent.size())).deepCopy(); // duplicate
        }
        if (kind == 1 && !sent.isEmpty()) {
            ObjectNode earlier = sent.get(random.nextInt(sent.size())).deepCopy();
            if (earlier.get("status").asText().equals("processing")) {
                return earlier.put("status", "success").put("durationMs", 1 + random.nextInt(9_000)).put("credits", "0.25");
            }
            return earlier.put("status", "failed").put("credits", 0); // must be ignored: the call is final
        }
        String user = users.get(random.nextInt(users.size()));
        // mostly the last three days (hours long flushed: late events), some in the current hour
        long callTime = kind < 4 ? now - random.nextInt(600) : now - 3_600 - random.nextInt(3 * 86_400);
        String status = kind == 9 ? "processing" : random.nextInt(8) == 0 ? "failed" : "success";
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "w-" + UUID.randomUUID());
        e.put("userDid", user);
        e.put("appDid", random.nextInt(6) == 0 ? null : "app-" + random.nextInt(3));
        e.put("model", random.nextBoolean() ? "gpt-4o" : "claude-3-5-sonnet");
        e.put("type", "chatCompletion");
        e.put("status", status);
        e.put("durationMs", status.equals("processing") ? 0 : Math.round(random.nextDouble() * 50_000) / 10.0);
        e.put("totalUsage", random.nextInt(4_000));
        e.put("credits", status.equals("success") ? BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(8) : BigDecimal.ZERO);
        e.put("callTime", callTime);
        e.put("schemaVersion", 1);
        return e;
    }

    @Override
    public void close() {
        producer.close();
    }
}
