package io.aigne.usage.quota.ledger;

import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.quota.config.QuotaConfig;
import io.aigne.usage.support.DataFailures;
import io.aigne.usage.support.DataIsolation;
import io.aigne.usage.support.EventRulesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Debits finished calls from the ModelCall topic (own consumer group); with payment-kit its
 * channel is not created at all ({@code usage.quota.ledger.enabled}). Delivery is at least once;
 * the ledger debits each call once, so a redelivered batch changes nothing. Invalid events are
 * skipped here: the aggregator dead-letters them. No record can stop the debiting of everyone:
 * one the database refuses for its data is found by halving the batch and dead-lettered alone;
 * an unavailable database is waited out (the batch is retried until it commits, and the
 * consumer's stall shows in readiness and {@code usage_ledger_stalled_seconds}).
 */
@ApplicationScoped
public class LedgerConsumer {
    private static final Logger LOG = Logger.getLogger(LedgerConsumer.class);

    @Inject
    LedgerService ledger;

    @Inject
    EventRulesConfig eventRules;

    @Inject
    LedgerDeadLetters deadLetters;

    @Inject
    LedgerProgress progress;

    @Inject
    QuotaConfig config;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("ledger-model-calls")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<Finished> finished = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            // "now" is the record's timestamp, as in the aggregator, so both accept the same events
            long now = r.timestamp() >= 0 ? r.timestamp() / 1000 : System.currentTimeMillis() / 1000;
            if (isRestore(r)) {
                continue; // back from a retention archive: debited when it first came
            }
            if (r.value() != null && ModelCallJson.parse(r.value(), eventRules.window(), now) instanceof ValidationResult.Valid v
                    && v.call().status().isTerminal()) {
                finished.add(new Finished(r, v.call()));
            }
        }
        while (true) {
            try {
                debitIsolated(finished);
                progress.progressed();
                return;
            } catch (Exception e) {
                if (stopping) {
                    throw new IllegalStateException("shutting down; the batch is redelivered to the next consumer", e);
                }
                progress.failed();
                LOG.errorf(e, "Debiting a batch of %d calls failed; retrying", finished.size());
                Thread.sleep(config.ledger().retryBackoff().toMillis());
            }
        }
    }

    /** Debits the calls in one transaction, or halves the batch around a call the database refuses. */
    private void debitIsolated(List<Finished> calls) throws Exception {
        DataIsolation.apply(calls, part -> ledger.debit(part.stream().map(Finished::call).toList()), (refused, cause) -> {
            LOG.warnf("Call %s refused by the ledger's database; dead-lettered: %s", refused.call().id(), cause.getMessage());
            deadLetters.send(refused.record(), DataFailures.reason(cause));
        });
    }

    static boolean isRestore(ConsumerRecord<String, String> r) {
        Header origin = r.headers().lastHeader(Topics.ORIGIN_HEADER);
        return Topics.isArchiveRestore(origin == null ? null : origin.value());
    }

    private record Finished(ConsumerRecord<String, String> record, io.aigne.usage.events.ModelCall call) {
    }
}
