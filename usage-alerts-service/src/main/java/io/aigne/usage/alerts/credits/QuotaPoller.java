package io.aigne.usage.alerts.credits;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.alerts.evaluate.EvaluationTick;
import io.aigne.usage.alerts.rules.RuleStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Credits rules read the quota gateway (ledger or payment-kit behind it) for each user who has
 * one, with a token the gateway accepts for any user. A stale or failed answer is not stored:
 * episodes stay as they are until a fresh answer says otherwise.
 */
@ApplicationScoped
public class QuotaPoller {
    private static final Logger LOG = Logger.getLogger(QuotaPoller.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EvaluationTick tick;

    @Inject
    RuleStore rules;

    @Inject
    Clock clock;

    @ConfigProperty(name = "usage.alerts.quota.url")
    String quotaUrl;

    @ConfigProperty(name = "usage.alerts.quota.token")
    Optional<String> token;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Scheduled(every = "${usage.alerts.quota.every}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = EvaluationTick.TickDisabled.class)
    void poll() {
        if (token.isEmpty() || token.get().isBlank()) {
            return;
        }
        try {
            for (String user : rules.users(true)) {
                if (refresh(user)) {
                    tick.evaluate(user);
                }
            }
        } catch (Exception e) {
            LOG.warn("Reading quotas for credits rules failed; the next poll tries again", e);
        }
    }

    /** Asks the quota gateway for one user; true when a fresh answer was stored. */
    public boolean refresh(String userDid) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(quotaUrl + "/api/usage/quota?userDid="
                    + URLEncoder.encode(userDid, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(3)).header("Authorization", "Bearer " + token.get()).GET().build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            Optional<QuotaReading> reading = QuotaReading.of(answer.statusCode(), answer.body());
            if (reading.isEmpty()) {
                LOG.debugf("Quota for %s answered %d without a fresh value; credits rules keep their state", userDid,
                        answer.statusCode());
                return false;
            }
            store(userDid, reading.get().remaining(), reading.get().daysLeft());
            return true;
        } catch (Exception e) {
            LOG.warnf("Quota for %s unavailable (%s); credits rules keep their state", userDid, e.getMessage());
            return false;
        }
    }

    private void store(String userDid, BigDecimal remaining, BigDecimal days) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_quota (user_did, remaining, days_left, checked_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_did) DO UPDATE SET remaining = excluded.remaining, days_left = excluded.days_left,
                      checked_at = excluded.checked_at""")) {
                ps.setString(1, userDid);
                ps.setBigDecimal(2, remaining);
                ps.setBigDecimal(3, days);
                ps.setLong(4, clock.instant().getEpochSecond());
                ps.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
