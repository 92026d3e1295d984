package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** Reads the Strimzi KafkaTopic resources of deploy/k8s/base/kafka-topics.yaml (on the classpath). */
public final class TopicDefinitions {
    public static final String RESOURCE = "/kafka-topics.yaml";

    private TopicDefinitions() {
    }

    /** The topics for a single local broker: same names, partitions and config, replication 1. */
    public static List<NewTopic> forSingleBroker() {
        List<NewTopic> topics = new ArrayList<>();
        for (JsonNode doc : read()) {
            if (!"KafkaTopic".equals(doc.path("kind").asText())) {
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>();
            doc.path("spec").path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            topics.add(new NewTopic(doc.path("metadata").path("name").asText(),
                    doc.path("spec").path("partitions").asInt(1), (short) 1).configs(config));
        }
        return topics;
    }

    private static List<JsonNode> read() {
        try (InputStream in = TopicDefinitions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
                return it.readAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
