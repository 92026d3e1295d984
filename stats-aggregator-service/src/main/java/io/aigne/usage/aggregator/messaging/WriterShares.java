package io.aigne.usage.aggregator.messaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch split among the writers by whole partitions (a user's calls and statistics live in one
 * partition, so the writers' transactions never touch the same rows), each partition, the largest
 * first, to the writer with the fewest records so far.
 */
final class WriterShares {
    private WriterShares() {
    }

    /** One writer's records, in offset order per partition, and the next offset of each of its partitions. */
    record Share(List<ConsumerRecord<String, String>> records, Map<TopicPartition, OffsetAndMetadata> next) {
    }

    /** At most {@code writers} shares, none empty. */
    static List<Share> split(Map<TopicPartition, List<ConsumerRecord<String, String>>> batch, int writers) {
        List<TopicPartition> bySize = new ArrayList<>(batch.keySet());
        bySize.sort(Comparator.comparingInt((TopicPartition tp) -> batch.get(tp).size()).reversed());
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < Math.min(writers, bySize.size()); i++) {
            shares.add(new Share(new ArrayList<>(), new HashMap<>()));
        }
        for (TopicPartition tp : bySize) {
            Share least = shares.stream().min(Comparator.comparingInt(s -> s.records().size())).orElseThrow();
            List<ConsumerRecord<String, String>> records = batch.get(tp);
            least.records().addAll(records);
            least.next().put(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return shares;
    }
}
