package io.aigne.usage.alerts.evaluate;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.alerts.rules.RuleStore;
import io.aigne.usage.alerts.stream.BucketStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Time changes conditions without any event: a window slides past a spike (or past the successes
 * that hid one), a budget's period ends, a rule is created or disabled. Every tick re-evaluates
 * each user with rules, one short transaction per user under the user's lock (a replica ticking
 * at the same time decides nothing twice: decisions are idempotent under the lock).
 */
@ApplicationScoped
public class EvaluationTick {
    private static final Logger LOG = Logger.getLogger(EvaluationTick.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RuleEvaluator evaluator;

    @Inject
    RuleStore rules;

    @Inject
    Clock clock;

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private Instant lastPrune = Instant.EPOCH; // the tick never runs concurrently with itself (SKIP)

    @Scheduled(every = "${usage.alerts.tick}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = TickDisabled.class)
    void tick() {
        try {
            for (String user : rules.users(false)) {
                evaluate(user);
            }
            pruneHourly();
        } catch (Exception e) {
            LOG.warn("Evaluating rules on the tick failed; the next tick tries again", e);
        }
    }

    /** Bucket states no rule can reach any more go once an hour (a full scan: not every tick). */
    private void pruneHourly() {
        Instant now = clock.instant();
        if (lastPrune.plus(PRUNE_EVERY).isAfter(now)) {
            return;
        }
        QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return BucketStore.prune(c, now.getEpochSecond());
            }
        });
        lastPrune = now;
    }

    /** One user's rules now, in a transaction of its own. */
    public void evaluate(String userDid) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                UserLock.lock(c, userDid);
                evaluator.evaluate(c, userDid, clock.instant().getEpochSecond());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Tests that decide "now" themselves switch the tick off ({@code usage.alerts.tick-enabled=false}). */
    public static class TickDisabled implements Scheduled.SkipPredicate {
        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("usage.alerts.tick-enabled", Boolean.class).orElse(true);
        }
    }
}
