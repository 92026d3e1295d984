package io.aigne.usage.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WriterSharesTest {
    private static final String TOPIC = "t";

    /** Partition p holds sizes[p] records from offset 100·p on. */
    private static Map<TopicPartition, List<ConsumerRecord<String, String>>> batch(int... sizes) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> batch = new LinkedHashMap<>();
        for (int p = 0; p < sizes.length; p++) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < sizes[p]; i++) {
                records.add(new ConsumerRecord<>(TOPIC, p, 100L * p + i, "k", "v"));
            }
            batch.put(new TopicPartition(TOPIC, p), records);
        }
        return batch;
    }

    @Test
    void everyRecordGoesToOneShareWithItsWholePartitionInOrderAndItsNextOffset() {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> batch = batch(50, 7, 30, 30, 1, 12);
        List<WriterShares.Share> shares = WriterShares.split(batch, 3);

        assertThat(shares).hasSize(3).allSatisfy(s -> assertThat(s.records()).isNotEmpty());
        Set<TopicPartition> seen = new HashSet<>();
        for (WriterShares.Share share : shares) {
            Map<TopicPartition, List<ConsumerRecord<String, String>>> mine = new HashMap<>();
            share.records().forEach(r -> mine.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r));
            assertThat(share.next().keySet()).isEqualTo(mine.keySet());
            mine.forEach((tp, records) -> {
                assertThat(seen.add(tp)).as("%s in one share only", tp).isTrue();
                assertThat(records).containsExactlyElementsOf(batch.get(tp));
                assertThat(share.next().get(tp).offset()).isEqualTo(batch.get(tp).get(records.size() - 1).offset() + 1);
            });
        }
        assertThat(seen).isEqualTo(batch.keySet());
        // 130 records: largest first onto the least loaded gives 50 | 30+7+1 | 30+12
        assertThat(shares).extracting(s -> s.records().size()).containsExactlyInAnyOrder(50, 38, 42);
    }

    @Test
    void fewerPartitionsThanWritersGiveOneSharePerPartition() {
        assertThat(WriterShares.split(batch(5, 9), 3)).extracting(s -> s.records().size()).containsExactlyInAnyOrder(5, 9);
        assertThat(WriterShares.split(batch(), 3)).isEmpty();
    }
}
