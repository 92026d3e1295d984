package io.aigne.usage.aggregator.messaging;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.ConsumerOffsetStore;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier.Outcome;
import io.aigne.usage.aggregator.service.ModelCallBatchProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The polled batches, two stages deep: while one batch is written by the writer threads (split by
 * partition, one transaction each, see {@link IsolatingBatchApplier}: calls, late merges and offsets
 * together, bad records set aside), the consumer thread polls and collects the next one, applies the
 * previous one's open-bucket changes in memory and publishes the stats outbox, so the JVM's work and
 * PostgreSQL's overlap instead of taking turns, and PostgreSQL works on more than one core.
 *
 * <p>Exactly-once in effect stays simple: one batch at a time is in flight, and the next starts only
 * after it committed, so each partition's stored offset moves in order. When a batch fails (or one of
 * its partitions was taken over by another instance), what was polled after it is dropped and the
 * partitions go back to their stored offsets. Whatever reads or rebuilds the open statistics as a
 * whole (a flush, a takeover, a rebalance, shutdown) first calls {@link #settle} or {@link #drop}:
 * nothing in flight then.
 */
@ApplicationScoped
class BatchStep {
    private static final Logger LOG = Logger.getLogger(BatchStep.class);

    @Inject
    IsolatingBatchApplier applier;

    @Inject
    PartitionTakeover takeover;

    @Inject
    PartitionProgress progress;

    @Inject
    OutboxDrain outbox;

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregatorConfig config;

    private ExecutorService writers;

    /** The batch whose transactions run now, and the records polled for the next; consumer thread only. */
    private List<Part> inFlight = List.of();
    private Map<TopicPartition, List<ConsumerRecord<String, String>>> next = new LinkedHashMap<>();
    private int nextCount;
    /** Per partition, the offset after the last committed record, as far as known: what the lag counts from. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** One writer's share of a batch: whole partitions, in a transaction of its own with their offsets. */
    private record Part(Future<Outcome> outcome, Set<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> next) {
    }

    @PostConstruct
    void start() {
        AtomicInteger n = new AtomicInteger();
        writers = Executors.newFixedThreadPool(config.consumer().writers(), task -> {
            Thread t = new Thread(task, "model-call-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds polled records to the next batch; starts it when the writers are free (after completing the
     * batch before it) or it is full. Returns without starting it while the writers work, so the
     * loop polls more: under a backlog a batch then spans more partitions (more writers busy) and
     * coalesces more late merges.
     */
    void apply(KafkaConsumer<String, String> c, ConsumerRun run, ConsumerRecords<String, String> records)
            throws InterruptedException {
        if (!records.partitions().stream().allMatch(tp -> run.open().owns(tp.partition()))) {
            drop(c, run);
            takeOver(c, run, records.partitions());
            return; // these records are dropped: their partitions continue from the stored offsets
        }
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> rs = records.records(tp);
            committed.putIfAbsent(tp, rs.get(0).offset());
            next.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(rs);
        }
        nextCount += records.count();
        if (nextCount < config.consumer().maxPollRecords() * config.consumer().writers() && writing()) {
            return;
        }
        startNext(c, run);
    }

    /** On an idle poll: starts what waits once the writers are free; returns false when nothing is left to do. */
    boolean idle(KafkaConsumer<String, String> c, ConsumerRun run) throws InterruptedException {
        if (writing()) {
            return true;
        }
        if (nextCount > 0) {
            startNext(c, run);
            return true;
        }
        settle(c, run);
        return false;
    }

    /** True while a batch is in its transactions or records wait for the next one: the loop then polls briefly. */
    boolean busy() {
        return !inFlight.isEmpty() || nextCount > 0;
    }

    /** Waits for the batch in flight, if any, and completes it (the records waiting for the next batch stay). */
    void settle(KafkaConsumer<String, String> c, ConsumerRun run) throws InterruptedException {
        List<Part> previous = inFlight;
        List<Outcome> done = await(previous); // interrupted: still in flight, for whoever settles next
        inFlight = List.of();
        outbox.completeSent();
        finish(c, run, previous, done);
    }

    /**
     * Settles, then drops the records waiting for the next batch, their partitions back at the stored
     * offsets: before partitions move (a rebalance or a takeover rebuilds or forgets their open buckets).
     */
    void drop(KafkaConsumer<String, String> c, ConsumerRun run) throws InterruptedException {
        settle(c, run);
        committed.clear(); // partitions move: learnt again from the next records polled
        if (nextCount > 0) {
            List<TopicPartition> waiting = new ArrayList<>(next.keySet());
            clearNext();
            rewind(c, run.group(), waiting.stream().filter(c.assignment()::contains).toList());
        }
    }

    private boolean writing() {
        return inFlight.stream().anyMatch(p -> !p.outcome().isDone());
    }

    /** Completes the batch in flight and starts the next one, unless that one failed (then the next is dropped). */
    private void startNext(KafkaConsumer<String, String> c, ConsumerRun run) throws InterruptedException {
        List<Part> previous = inFlight;
        List<Outcome> done = await(previous);
        inFlight = List.of();
        outbox.completeSent(); // nothing of ours in flight: the deletes meet no open transaction of this instance
        if (done.stream().anyMatch(o -> o.failure() != null)) {
            finish(c, run, previous, done); // every assigned partition goes back to its stored offset
            return;
        }
        try {
            inFlight = start(run, next);
            clearNext();
        } finally {
            finish(c, run, previous, done); // overlaps with the transactions just started
        }
        outbox.sendIfDue(); // so does publishing the stats events; their entries leave at the next pause
    }

    private void clearNext() {
        next = new LinkedHashMap<>();
        nextCount = 0;
    }

    /**
     * Consumer lag per assigned partition, for the metric (the consumer is only safe on its own thread):
     * counted from the last committed record, not from the position, which runs ahead while batches are written.
     */
    void recordLag(KafkaConsumer<String, String> c) {
        for (TopicPartition tp : c.assignment()) {
            c.currentLag(tp).ifPresent(l -> {
                Long done = committed.get(tp);
                progress.lag(tp, l + (done == null ? 0 : Math.max(0, c.position(tp) - done)));
            });
        }
    }

    @PreDestroy
    void stop() {
        writers.shutdownNow();
    }

    /**
     * Splits the batch by partition among the writers (a user's calls and statistics live in one
     * partition, so the parts' transactions never touch the same rows), the largest partitions first.
     */
    private List<Part> start(ConsumerRun run, Map<TopicPartition, List<ConsumerRecord<String, String>>> records) {
        List<TopicPartition> bySize = new ArrayList<>(records.keySet());
        bySize.sort(Comparator.comparingInt((TopicPartition tp) -> records.get(tp).size()).reversed());
        int parts = Math.min(config.consumer().writers(), bySize.size());
        List<List<ConsumerRecord<String, String>>> shares = new ArrayList<>();
        List<Map<TopicPartition, OffsetAndMetadata>> nexts = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            shares.add(new ArrayList<>());
            nexts.add(new HashMap<>());
        }
        for (TopicPartition tp : bySize) {
            int least = 0;
            for (int i = 1; i < parts; i++) {
                if (shares.get(i).size() < shares.get(least).size()) {
                    least = i;
                }
            }
            List<ConsumerRecord<String, String>> rs = records.get(tp);
            shares.get(least).addAll(rs);
            nexts.get(least).put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        List<Part> started = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            List<ConsumerRecord<String, String>> share = shares.get(i);
            started.add(new Part(writers.submit(() -> applier.apply(run.group(), run.instance(), share, run.open())),
                    nexts.get(i).keySet(), nexts.get(i)));
        }
        return started;
    }

    private static List<Outcome> await(List<Part> parts) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(parts.size());
        for (Part part : parts) {
            try {
                outcomes.add(part.outcome().get());
            } catch (ExecutionException e) {
                outcomes.add(new Outcome(List.of(), e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause())));
            }
        }
        return outcomes;
    }

    /**
     * Applies what committed in memory. After any failure every assigned partition goes back to its
     * stored offset, and the records polled for the next batch are dropped with it: written ahead of the
     * failed ones, they would move the stored offsets past records never applied.
     */
    private void finish(KafkaConsumer<String, String> c, ConsumerRun run, List<Part> parts, List<Outcome> outcomes)
            throws InterruptedException {
        boolean failed = false;
        boolean lost = false;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            Outcome outcome = outcomes.get(i);
            outcome.committed().forEach(a -> run.open().add(a.partition(), a.key(), a.call()));
            Exception failure = outcome.failure();
            if (failure == null) {
                part.next().forEach((tp, offset) -> committed.put(tp, offset.offset()));
                progress.progressed(part.partitions());
                c.commitAsync(part.next(), null); // for lag tools; the stored offsets are the truth
            } else if (failure instanceof ModelCallBatchProcessor.PartitionLostException e) {
                // the part rolled back; its other partitions are still ours and only go back to their stored offsets
                LOG.infof("%s; dropping its open statistics", failure.getMessage());
                run.open().revoke(List.of(e.partition().partition()));
                lost = true;
            } else {
                LOG.errorf(failure, "Batch failed; will retry from the stored offsets");
                progress.failed(part.partitions());
                failed = true;
            }
        }
        if (failed || lost) {
            clearNext();
            rewind(c, run.group(), c.assignment());
        }
        if (failed) {
            Thread.sleep(config.consumer().retryBackoff().toMillis());
        }
    }

    /** Claims partitions whose open buckets are not in memory; every other partition of the batch goes back to its stored offset. */
    private void takeOver(KafkaConsumer<String, String> c, ConsumerRun run, Set<TopicPartition> partitions)
            throws InterruptedException {
        List<TopicPartition> owned = partitions.stream().filter(tp -> run.open().owns(tp.partition())).toList();
        try {
            takeover.ensureOwned(c, run, partitions); // seeks the claimed partitions to their claimed offsets
            rewind(c, run.group(), owned);
        } catch (Exception e) {
            LOG.errorf(e, "Taking over partitions failed; will retry from the stored offsets");
            progress.failed(partitions);
            rewind(c, run.group(), partitions);
            Thread.sleep(config.consumer().retryBackoff().toMillis());
        }
    }

    /** Positions these partitions at their stored offsets again. */
    private void rewind(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = readStored(group, partitions);
        for (TopicPartition tp : partitions) {
            committed.remove(tp);
            if (stored.containsKey(tp)) {
                c.seek(tp, stored.get(tp));
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
    }

    private Map<TopicPartition, Long> readStored(String group, Collection<TopicPartition> partitions) {
        try (Connection conn = dataSource.getConnection()) {
            return offsets.read(conn, group, partitions);
        } catch (Exception e) {
            // database down: replaying from the beginning of what we hold is safe, stored offsets skip it later
            LOG.warn("Cannot read stored offsets", e);
            return Map.of();
        }
    }
}
