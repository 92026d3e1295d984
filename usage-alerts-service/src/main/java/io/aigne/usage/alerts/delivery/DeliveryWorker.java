package io.aigne.usage.alerts.delivery;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the webhook outbox ({@code alert_deliveries}, written with the episodes): every
 * {@code usage.alerts.webhook.every} (2 s) it claims up to {@code usage.alerts.webhook.batch} due
 * {@code pending} rows ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work, then leased by
 * moving {@code next_attempt_at} a minute ahead so no connection or lock is held while sending),
 * posts them in parallel, and records each attempt in {@code alert_delivery_attempts}. A 2xx answer
 * makes the delivery {@code delivered}; anything else schedules the next attempt after the
 * {@code usage.alerts.webhook.backoff} list (10 s, 30 s, 2 min, 10 min, 30 min: six attempts), and
 * after the last one it is {@code failed}. Times are unix seconds like every time in the schema.
 * A crash while sending leaves the lease to expire: the attempt is made again (receivers
 * deduplicate on {@code X-Aigne-Delivery}).
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** How long a claimed delivery stays invisible to other workers; longer than any send. */
    static final Duration LEASE = Duration.ofSeconds(60);

    /** A claimed delivery with what its POST needs. */
    record Due(UUID id, String url, int attempts, String secret, String body) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookSender sender;

    @Inject
    Clock clock;

    @ConfigProperty(name = "usage.alerts.webhook.backoff")
    List<Duration> backoff;

    @ConfigProperty(name = "usage.alerts.webhook.batch", defaultValue = "5")
    int batch;

    @ConfigProperty(name = "usage.alerts.webhook.timeout", defaultValue = "5s")
    Duration timeout;

    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    @Inject
    public DeliveryWorker(MeterRegistry registry) {
        delivered = counter(registry, "delivered", "Webhook deliveries a receiver accepted (2xx)");
        retried = counter(registry, "retried", "Webhook attempts that failed and were scheduled again");
        failed = counter(registry, "failed", "Webhook deliveries given up after the last attempt");
    }

    private static Counter counter(MeterRegistry registry, String outcome, String description) {
        return Counter.builder("usage.alerts.webhook.deliveries").tag("outcome", outcome).description(description).register(registry);
    }

    @Scheduled(every = "{usage.alerts.webhook.every}", identity = "webhook-deliveries",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            while (runOnce() == batch) {
                // a full batch: more may be due right now
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook deliveries: this round failed; the next one retries");
        }
    }

    /** One round: claims, sends and records up to a batch of due deliveries; how many it sent. */
    public int runOnce() {
        List<Due> due = QuarkusTransaction.requiringNew().call(this::claim);
        if (due.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<WebhookSender.Result>> results = new ArrayList<>();
        for (Due d : due) {
            results.add(d.secret() == null
                    ? CompletableFuture.completedFuture(new WebhookSender.Result(null, "the rule no longer exists", 0))
                    : sender.send(d.url(), d.id().toString(), d.secret(), d.body()));
        }
        for (int i = 0; i < due.size(); i++) {
            Due d = due.get(i);
            WebhookSender.Result result = await(results.get(i));
            QuarkusTransaction.requiringNew().run(() -> record(d, result));
        }
        return due.size();
    }

    private WebhookSender.Result await(CompletableFuture<WebhookSender.Result> result) {
        try {
            return result.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new WebhookSender.Result(null, "no answer within " + timeout.toSeconds() + " s", timeout.toMillis());
        } catch (ExecutionException e) {
            return new WebhookSender.Result(null, "failed: " + e.getCause(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending webhooks", e);
        }
    }

    private List<Due> claim() throws SQLException {
        long now = clock.instant().getEpochSecond();
        List<Due> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.id, d.url, d.attempts, r.webhook_secret,
                           (n.body || jsonb_build_object('userDid', n.user_did, 'episodeId', n.episode_id))::text
                    FROM alert_deliveries d
                    JOIN alert_notifications n ON n.id = d.notification_id
                    LEFT JOIN alert_rules r ON r.id = d.rule_id
                    WHERE d.state = 'pending' AND d.next_attempt_at <= ?
                    ORDER BY d.next_attempt_at, d.created_at
                    LIMIT ?
                    FOR UPDATE OF d SKIP LOCKED""")) {
                ps.setLong(1, now);
                ps.setInt(2, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            if (!due.isEmpty()) {
                try (PreparedStatement lease = c.prepareStatement("UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ANY (?)")) {
                    lease.setLong(1, now + LEASE.toSeconds());
                    lease.setArray(2, c.createArrayOf("uuid", due.stream().map(Due::id).toArray()));
                    lease.executeUpdate();
                }
            }
        }
        return due;
    }

    /** The attempt and the delivery's next state; nothing when the delivery is gone (its rule deleted) or another worker recorded it. */
    private void record(Due d, WebhookSender.Result result) {
        long now = clock.instant().getEpochSecond();
        int attempt = d.attempts() + 1;
        String state;
        long next = now;
        if (result.delivered()) {
            state = "delivered";
        } else if (attempt > backoff.size()) {
            state = "failed";
        } else {
            state = "pending";
            next = now + Math.max(1, backoff.get(attempt - 1).toSeconds());
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE alert_deliveries SET attempts = ?, state = ?, next_attempt_at = ?
                    WHERE id = ? AND state = 'pending' AND attempts = ?""")) {
                ps.setInt(1, attempt);
                ps.setString(2, state);
                ps.setLong(3, next);
                ps.setObject(4, d.id());
                ps.setInt(5, d.attempts());
                if (ps.executeUpdate() == 0) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, status, error, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, d.id());
                ps.setInt(2, attempt);
                ps.setLong(3, now);
                if (result.status() == null) {
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setInt(4, result.status());
                }
                ps.setString(5, result.error());
                ps.setInt(6, (int) Math.min(Integer.MAX_VALUE, result.durationMs()));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording webhook attempt " + attempt + " of " + d.id(), e);
        }
        switch (state) {
            case "delivered" -> delivered.increment();
            case "failed" -> failed.increment();
            default -> retried.increment();
        }
        if (!result.delivered()) {
            LOG.debugf("webhook %s attempt %d: %s -> %s", d.id(), attempt, result.error(), state);
        }
    }
}
