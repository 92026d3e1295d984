package io.aigne.usage.alerts.evaluate;

import io.aigne.usage.alerts.rules.Rule;
import io.aigne.usage.alerts.rules.RuleStore;
import io.aigne.usage.alerts.episodes.EpisodeStore;
import io.aigne.usage.alerts.episodes.EpisodeStore.OpenEpisode;
import io.aigne.usage.stats.TimeType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decides a user's episodes from what is known now: window rules and budgets from the bucket
 * states, credits rules from the last quota answer. The caller holds the user's lock and the
 * transaction, so a decision and its notifications commit together, once.
 */
@ApplicationScoped
public class RuleEvaluator {

    private final Counter opened;
    private final Counter resolved;

    @Inject
    public RuleEvaluator(MeterRegistry registry) {
        opened = Counter.builder("usage.alerts.episodes_opened").description("Alert episodes opened").register(registry);
        resolved = Counter.builder("usage.alerts.episodes_resolved").description("Alert episodes resolved").register(registry);
    }

    /** Every rule of the user (after a batch of the stream, on the tick, after a quota answer). */
    public void evaluate(Connection c, String userDid, long now) throws SQLException {
        Quota quota = null;
        for (Rule rule : RuleStore.ofUser(c, userDid)) {
            List<OpenEpisode> open = EpisodeStore.open(c, rule.id());
            if (!rule.enabled()) {
                end(c, rule, open, "The rule was disabled", now);
                continue;
            }
            // a rule replaced with another kind keeps its id: episodes of the old kind (a budget's slots
            // "<period>:<percentage>", the other kinds' "") end, announced, before the new kind decides
            boolean budget = Rule.BUDGET.equals(rule.kind());
            end(c, rule, open.stream().filter(e -> e.slot().isEmpty() == budget).toList(), "The rule was changed to " + rule.kind(),
                    now);
            List<OpenEpisode> own = open.stream().filter(e -> e.slot().isEmpty() != budget).toList();
            switch (rule.kind()) {
                case "errorRate", "p95Latency" -> {
                    long from = Conditions.windowStart(rule.windowHours(), now);
                    decide(c, rule, Conditions.window(rule, ScopeBuckets.read(c, rule, TimeType.hour, from, now + 1)), own, now);
                }
                case "budget" -> budget(c, rule, own, now);
                default -> {
                    if (quota == null) {
                        quota = Quota.read(c, userDid);
                    }
                    Observation seen = quota == null ? null : Conditions.credits(rule, quota.remaining(), quota.daysLeft());
                    if (seen != null) {
                        decide(c, rule, seen, own, now);
                    }
                }
            }
        }
    }

    private void budget(Connection c, Rule rule, List<OpenEpisode> open, long now) throws SQLException {
        long start = Conditions.periodStart(rule.period(), now);
        BigDecimal spent = Conditions.spend(start, now, ScopeBuckets.read(c, rule, TimeType.day, start, now + 1),
                ScopeBuckets.read(c, rule, TimeType.hour, start, now + 1));
        // an episode of an earlier period ends with its period
        for (OpenEpisode e : open) {
            if (!e.slot().startsWith(start + ":") && EpisodeStore.resolve(c, rule, e, spent, "The budget period of "
                    + rule.name() + " ended", Integer.valueOf(e.slot().substring(e.slot().indexOf(':') + 1)), now, true)) {
                resolved.increment();
            }
        }
        for (Observation seen : Conditions.budget(rule, start, spent)) {
            if (seen.holds() && EpisodeStore.openEpisode(c, rule, seen, now)) {
                opened.increment();
            }
        }
    }

    /** Window and credits rules: open when it holds (after the cooldown), resolve when it no longer does. */
    private void decide(Connection c, Rule rule, Observation seen, List<OpenEpisode> open, long now) throws SQLException {
        if (seen.holds() && open.isEmpty()) {
            OptionalLong last = EpisodeStore.lastResolved(c, rule.id(), "");
            if (last.isEmpty() || last.getAsLong() + rule.cooldownMinutes() * 60L <= now) {
                if (EpisodeStore.openEpisode(c, rule, seen, now)) {
                    opened.increment();
                }
            }
        } else if (!seen.holds()) {
            for (OpenEpisode e : open) {
                if (EpisodeStore.resolve(c, rule, e, seen.value(), seen.message(), null, now, true)) {
                    resolved.increment();
                }
            }
        }
    }

    /** Ends the given open episodes with a notification saying why. */
    private void end(Connection c, Rule rule, List<OpenEpisode> episodes, String why, long now) throws SQLException {
        for (OpenEpisode e : episodes) {
            if (EpisodeStore.resolve(c, rule, e, BigDecimal.ZERO, why, null, now, true)) {
                resolved.increment();
            }
        }
    }

    /** The last quota answer the poller stored for the user. */
    record Quota(BigDecimal remaining, BigDecimal daysLeft) {
        static Quota read(Connection c, String userDid) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT remaining, days_left FROM alert_quota WHERE user_did = ?")) {
                ps.setString(1, userDid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Quota(rs.getBigDecimal(1), rs.getBigDecimal(2)) : null;
                }
            }
        }
    }
}
