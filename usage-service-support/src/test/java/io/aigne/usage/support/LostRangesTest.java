package io.aigne.usage.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LostRangesTest {
    private static final TopicPartition P = new TopicPartition("t", 0);
    private final LostRanges ranges = new LostRanges();

    @Test
    void countsOnlyWhatNoEarlierRangeCovered() {
        assertThat(ranges.add(P, 200, 300)).isEqualTo(100);
        assertThat(ranges.add(P, 100, 300)).as("below and inside").isEqualTo(100);
        assertThat(ranges.add(P, 150, 250)).as("all inside").isZero();
        assertThat(ranges.add(P, 350, 400)).as("apart").isEqualTo(50);
        assertThat(ranges.add(P, 0, 500)).as("around both, with the gap between them").isEqualTo(100 + 50 + 100);
        assertThat(ranges.add(P, 0, 500)).isZero();
    }

    @Test
    void touchingRangesMergeAndPartitionsAreApart() {
        assertThat(ranges.add(P, 10, 20)).isEqualTo(10);
        assertThat(ranges.add(P, 20, 30)).isEqualTo(10);
        assertThat(ranges.add(P, 5, 35)).isEqualTo(10);
        assertThat(ranges.add(new TopicPartition("t", 1), 10, 20)).isEqualTo(10);
        assertThat(ranges.add(P, 40, 40)).as("empty").isZero();
    }
}
