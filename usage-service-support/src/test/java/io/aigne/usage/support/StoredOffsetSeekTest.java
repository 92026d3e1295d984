package io.aigne.usage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoredOffsetSeekTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private final Map<TopicPartition, Long> lost = new HashMap<>();
    private final StoredOffsetSeek.Lost reportLost = (tp, count) -> lost.merge(tp, count, Long::sum);
    private boolean databaseDown;
    private int reads;

    private final StoredOffsetSeek.Reader reader = partitions -> {
        reads++;
        if (databaseDown) {
            throw new SQLException("connection refused");
        }
        Map<TopicPartition, Long> out = new HashMap<>(stored);
        out.keySet().retainAll(partitions);
        return out;
    };

    @BeforeEach
    void assign() {
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 500L, P1, 500L));
        consumer.seek(P0, 400);
        consumer.seek(P1, 450);
    }

    @Test
    void seeksToTheStoredOffsetsOrTheBeginningWhenNoneIsStored() {
        stored.put(P0, 120L);

        new StoredOffsetSeek(Duration.ofSeconds(2), reportLost).seek(consumer, List.of(P0, P1), reader);

        assertThat(consumer.position(P0)).isEqualTo(120);
        assertThat(consumer.position(P1)).isZero();
        assertThat(consumer.paused()).isEmpty();
        assertThat(lost).isEmpty();
    }

    @Test
    void recordsTheRetentionRemovedBeforeTheyWereAppliedAreReportedLostAndTheLogStartIsWhereItGoesOn() {
        stored.putAll(Map.of(P0, 120L, P1, 300L));
        consumer.updateBeginningOffsets(Map.of(P0, 200L, P1, 300L)); // P0's 120..199 are gone; P1 starts at its stored offset

        new StoredOffsetSeek(Duration.ofSeconds(2), reportLost).seek(consumer, List.of(P0, P1), reader);

        assertThat(lost).isEqualTo(Map.of(P0, 80L));
        assertThat(consumer.position(P0)).isEqualTo(200);
        assertThat(consumer.position(P1)).isEqualTo(300);
    }

    @Test
    void aRangeIsReportedOnceWhenThePartitionIsPlacedAgainBeforeItStoredANewerOffset() {
        StoredOffsetSeek seek = new StoredOffsetSeek(Duration.ofSeconds(2), reportLost);
        consumer.updateBeginningOffsets(Map.of(P0, 200L, P1, 0L));

        seek.seekTo(consumer, Map.of(P0, 120L)); // e.g. a takeover's claim
        seek.seekTo(consumer, Map.of(P0, 120L)); // a failed batch: back to the same stored offset
        consumer.updateBeginningOffsets(Map.of(P0, 250L, P1, 0L));
        seek.seekTo(consumer, Map.of(P0, 120L)); // retention moved on meanwhile: only the new part

        assertThat(lost).isEqualTo(Map.of(P0, 130L));
        assertThat(consumer.position(P0)).isEqualTo(250);
    }

    @Test
    void partitionsWaitPausedWhileTheStoredOffsetsCannotBeReadAndAreThenPlacedAtThem() {
        stored.putAll(Map.of(P0, 120L, P1, 300L));
        StoredOffsetSeek seek = new StoredOffsetSeek(Duration.ZERO, reportLost);
        databaseDown = true;

        seek.seek(consumer, List.of(P0, P1), reader);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(seek.waiting()).containsExactlyInAnyOrder(P0, P1);
        assertThat(consumer.position(P0)).as("not sent to the beginning").isEqualTo(400);

        seek.retryPaused(consumer, reader);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);

        databaseDown = false;
        seek.retryPaused(consumer, reader);
        assertThat(consumer.paused()).isEmpty();
        assertThat(seek.waiting()).isEmpty();
        assertThat(consumer.position(P0)).isEqualTo(120);
        assertThat(consumer.position(P1)).isEqualTo(300);
    }

    @Test
    void retriesAtMostOncePerIntervalAndForgetsPartitionsPlacedOtherwise() {
        StoredOffsetSeek seek = new StoredOffsetSeek(Duration.ofHours(1), reportLost);
        databaseDown = true;
        seek.seek(consumer, List.of(P0, P1), reader);
        seek.retryPaused(consumer, reader);
        assertThat(reads).as("the retry waits for its interval").isEqualTo(1);

        consumer.resume(List.of(P1)); // e.g. assigned again and positioned by a takeover
        seek.retryPaused(consumer, reader);
        assertThat(seek.waiting()).containsExactly(P0);
    }

    @Test
    void aJumpPastTheLogStartWhileRunningIsReportedLostOnceEvenWhenThePartitionIsPlacedAgainInside() {
        StoredOffsetSeek seek = placedAndRead(P0, 100, 104);

        // the consumer fell behind: retention removed 105..119 and the reset policy moved it to the log's start
        consumer.updateBeginningOffsets(Map.of(P0, 120L, P1, 0L));
        seek.polled(consumer, records(P0, 120, 121));
        assertThat(lost).isEqualTo(Map.of(P0, 15L));

        seek.seekTo(consumer, Map.of(P0, 105L)); // a failed batch: back to a stored offset inside the range reported
        assertThat(lost).isEqualTo(Map.of(P0, 15L));
        assertThat(consumer.position(P0)).isEqualTo(120);
    }

    @Test
    void aJumpTheLogStartDoesNotExplainLosesNothing() {
        StoredOffsetSeek seek = placedAndRead(P0, 100, 104);
        seek.polled(consumer, records(P0, 107, 108)); // 105, 106: transaction markers or aborted records, still in the log
        seek.polled(consumer, records(P0, 109, 110));

        assertThat(lost).isEmpty();
    }

    @Test
    void aJumpAfterRetentionRemovedMoreThanTheConsumerSkippedCountsOnlyTheSkippedRecords() {
        StoredOffsetSeek seek = placedAndRead(P0, 100, 104);
        consumer.updateBeginningOffsets(Map.of(P0, 130L, P1, 0L)); // by the time it is asked, retention went past 120 too

        seek.polled(consumer, records(P0, 120, 125));

        assertThat(lost).as("105..119; 120.. were polled").isEqualTo(Map.of(P0, 15L));
    }

    @Test
    void aPartitionStartedAtTheBeginningHasNothingToCompareItsFirstRecordsWith() {
        StoredOffsetSeek seek = placedAndRead(P0, 10, 11);
        consumer.updateBeginningOffsets(Map.of(P0, 50L, P1, 0L));
        seek.seek(consumer, List.of(P0), reader); // nothing stored: from the beginning, nothing of it applied before

        seek.polled(consumer, records(P0, 60, 61));

        assertThat(lost).isEmpty();
    }

    @Test
    void aPartitionRevokedHasNothingToCompareItsFirstRecordsWithWhenItComesBack() {
        StoredOffsetSeek seek = placedAndRead(P0, 10, 11);
        consumer.updateBeginningOffsets(Map.of(P0, 50L, P1, 0L));

        seek.forget(List.of(P0)); // revoked; another instance went on with it
        seek.polled(consumer, records(P0, 60, 61));

        assertThat(lost).isEmpty();
    }

    @Test
    void aRewindBelowAJumpCountsTheRecordsBeforeItThatRetentionRemovedToo() {
        StoredOffsetSeek seek = placedAndRead(P0, 100, 199); // 100..199 are collected and in flight
        consumer.updateBeginningOffsets(Map.of(P0, 300L, P1, 0L));
        seek.polled(consumer, records(P0, 300, 301));
        assertThat(lost).isEqualTo(Map.of(P0, 100L)); // 200..299

        seek.seekTo(consumer, Map.of(P0, 100L)); // the batch in flight failed: back to the stored offset; 100..199 are gone too

        assertThat(lost).isEqualTo(Map.of(P0, 200L));
        assertThat(consumer.position(P0)).isEqualTo(300);
    }

    @Test
    void aJumpWhoseLogStartCannotBeReadIsCountedAfterALaterPoll() {
        TopicPartition p2 = new TopicPartition("t", 2); // MockConsumer refuses the log start of a partition it has none for
        consumer.assign(List.of(P0, P1, p2));
        StoredOffsetSeek seek = placedAndRead(p2, 100, 104);
        seek.polled(consumer, records(p2, 120, 121));
        assertThat(lost).isEmpty();

        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L, p2, 120L));
        seek.polled(consumer, records(P1, 0, 1));

        assertThat(lost).isEqualTo(Map.of(p2, 15L));
    }

    /** A seek that placed {@code tp} at its stored offset {@code first} and was then told of records {@code first..last} polled. */
    private StoredOffsetSeek placedAndRead(TopicPartition tp, long first, long last) {
        StoredOffsetSeek seek = new StoredOffsetSeek(Duration.ofSeconds(2), reportLost);
        seek.seekTo(consumer, Map.of(tp, first));
        seek.polled(consumer, records(tp, first, last));
        return seek;
    }

    private static ConsumerRecords<String, String> records(TopicPartition tp, long first, long last) {
        List<ConsumerRecord<String, String>> rs = LongStream.rangeClosed(first, last)
                .mapToObj(o -> new ConsumerRecord<>(tp.topic(), tp.partition(), o, "k", "v")).toList();
        return new ConsumerRecords<>(Map.of(tp, rs), Map.of());
    }
}
