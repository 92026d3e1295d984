package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier.Outcome;
import io.aigne.usage.aggregator.service.ModelCallBatchProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
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
    StoredPositions positions;

    @Inject
    AggregatorConfig config;

    private ExecutorService writers;

    /** The batch whose transactions run now, and the records polled for the next; consumer thread only. */
    private List<Part> inFlight = List.of();
    private Map<TopicPartition, List<ConsumerRecord<String, String>>> next = new LinkedHashMap<>();
    private int nextCount;

    /** One writer's share of a batch: whole partitions, in a transaction of its own with their offsets. */
    private record Part(Future<Outcome> outcome, Map<TopicPartition, OffsetAndMetadata> next) {
        Set<TopicPartition> partitions() {
            return next.keySet();
        }
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
        positions.polled(c, records);
        for (TopicPartition tp : records.partitions()) {
            next.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records.records(tp));
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
        positions.forgetCommitted(); // partitions move: learnt again from the next records polled
        if (nextCount > 0) {
            List<TopicPartition> waiting = new ArrayList<>(next.keySet());
            clearNext();
            positions.rewind(c, run.group(), waiting.stream().filter(c.assignment()::contains).toList());
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

    /** Before each poll: places partitions paused because their stored offsets could not be read ({@link StoredPositions#rewind}). */
    void placePaused(KafkaConsumer<String, String> c, ConsumerRun run) {
        positions.placePaused(c, run.group());
    }

    /** Consumer lag per assigned partition, for the metric (see {@link StoredPositions#recordLag}). */
    void recordLag(KafkaConsumer<String, String> c) {
        positions.recordLag(c);
    }

    @PreDestroy
    void stop() {
        writers.shutdownNow();
    }

    /** Hands each writer its share of the batch (whole partitions, see {@link WriterShares}). */
    private List<Part> start(ConsumerRun run, Map<TopicPartition, List<ConsumerRecord<String, String>>> records) {
        List<Part> started = new ArrayList<>();
        for (WriterShares.Share share : WriterShares.split(records, config.consumer().writers())) {
            started.add(new Part(writers.submit(() -> applier.apply(run.group(), run.instance(), share.records(), run.open())),
                    share.next()));
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
                positions.committed(part.next());
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
            positions.rewind(c, run.group(), c.assignment());
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
            positions.rewind(c, run.group(), owned);
        } catch (Exception e) {
            LOG.errorf(e, "Taking over partitions failed; will retry from the stored offsets");
            progress.failed(partitions);
            positions.rewind(c, run.group(), partitions);
            Thread.sleep(config.consumer().retryBackoff().toMillis());
        }
    }
}
