package io.aigne.usage.alerts.rules;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.alerts.evaluate.UserLock;
import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The rules in {@code alert_rules}, always read and written for one user: another user's rule is
 * not found. Each read answers the rule's {@code state} with it (an open episode: firing). Writes
 * take the user's evaluation lock ({@link UserLock}), so a rule never changes or disappears in the
 * middle of an evaluation of the user's rules, and one user's creations are counted one at a time.
 */
@ApplicationScoped
public class RuleStore {
    private static final Logger LOG = Logger.getLogger(RuleStore.class);
    public static final int MAX_RULES_PER_USER = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String COLUMNS = """
            r.id, r.user_did, r.name, r.kind, r.enabled, r.app_did, r.model_id, r.threshold, r.window_hours, r.min_calls,
            r.period, r.notify_at, r.cooldown_minutes, r.webhook_url, r.webhook_secret, r.created_at, r.updated_at,
            CASE WHEN NOT r.enabled THEN 'disabled'
                 WHEN EXISTS (SELECT 1 FROM alert_episodes e WHERE e.rule_id = r.id AND e.resolved_at IS NULL) THEN 'firing'
                 ELSE 'ok' END AS state""";

    /** A rule and its state ({@link Rule#STATE_OK}, {@link Rule#STATE_FIRING} or {@link Rule#STATE_DISABLED}). */
    public record StoredRule(Rule rule, String state) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /** The user's rules, oldest first. */
    public List<StoredRule> list(String userDid) {
        String sql = "SELECT " + COLUMNS + " FROM alert_rules r WHERE r.user_did = ? ORDER BY r.created_at, r.id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userDid);
            List<StoredRule> rules = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rules.add(read(rs));
                }
            }
            return rules;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /**
     * The users who have rules (the tick evaluates them all: a disabled rule's episode must end too);
     * with {@code creditsOnly}, those with an enabled creditsBelow or daysBelow rule (the quota poller's).
     */
    public List<String> users(boolean creditsOnly) throws SQLException {
        String sql = creditsOnly
                ? "SELECT DISTINCT user_did FROM alert_rules WHERE enabled AND kind IN ('creditsBelow', 'daysBelow') ORDER BY user_did"
                : "SELECT DISTINCT user_did FROM alert_rules ORDER BY user_did";
        List<String> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(rs.getString(1));
            }
        }
        return users;
    }

    /** The user's rules on the caller's connection (the evaluation's transaction), oldest first. */
    public static List<Rule> ofUser(Connection c, String userDid) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM alert_rules r WHERE r.user_did = ? ORDER BY r.created_at, r.id";
        List<Rule> rules = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userDid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rules.add(read(rs).rule());
                }
            }
        }
        return rules;
    }

    /** The user's rule with this id; empty for an unknown id or another user's rule. */
    public Optional<StoredRule> find(String userDid, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, userDid, id);
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /** Stores a new rule with a fresh webhook secret; 409 when the user has {@value #MAX_RULES_PER_USER} already. */
    @Transactional
    public StoredRule create(String userDid, RuleInput input) {
        UUID id = UUID.randomUUID();
        long now = clock.instant().getEpochSecond();
        try (Connection c = dataSource.getConnection()) {
            UserLock.lock(c, userDid); // the count and the insert as one step
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM alert_rules WHERE user_did = ?")) {
                count.setString(1, userDid);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= MAX_RULES_PER_USER) {
                        throw new ProblemException(Response.Status.CONFLICT,
                                "A user has at most " + MAX_RULES_PER_USER + " rules; delete one first.");
                    }
                }
            }
            String sql = """
                    INSERT INTO alert_rules (id, user_did, name, kind, enabled, app_did, model_id, threshold, window_hours, min_calls,
                        period, notify_at, cooldown_minutes, webhook_url, webhook_secret, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, id);
                ps.setString(2, userDid);
                int next = bindInput(c, ps, 3, input);
                ps.setString(next++, newWebhookSecret());
                ps.setLong(next++, now);
                ps.setLong(next, now);
                ps.executeUpdate();
            }
            return find(c, userDid, id).orElseThrow();
        } catch (SQLException e) {
            throw unavailable("store", e);
        }
    }

    /** Replaces the user's rule (id, webhook secret and creation time kept); empty when there is no such rule. */
    @Transactional
    public Optional<StoredRule> replace(String userDid, UUID id, RuleInput input) {
        String sql = """
                UPDATE alert_rules SET name = ?, kind = ?, enabled = ?, app_did = ?, model_id = ?, threshold = ?, window_hours = ?,
                    min_calls = ?, period = ?, notify_at = ?, cooldown_minutes = ?, webhook_url = ?, updated_at = ?
                WHERE id = ? AND user_did = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            UserLock.lock(c, userDid); // not in the middle of an evaluation of the user's rules
            int next = bindInput(c, ps, 1, input);
            ps.setLong(next++, clock.instant().getEpochSecond());
            ps.setObject(next++, id);
            ps.setString(next, userDid);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
            return find(c, userDid, id);
        } catch (SQLException e) {
            throw unavailable("store", e);
        }
    }

    /**
     * Deletes the user's rule. Its episodes go with it (open ones end without a notification), its
     * notifications stay without a rule, its pending webhook deliveries are dropped (the foreign keys).
     */
    @Transactional
    public boolean delete(String userDid, UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM alert_rules WHERE id = ? AND user_did = ?")) {
            UserLock.lock(c, userDid); // not while an evaluation may open an episode of this rule
            ps.setObject(1, id);
            ps.setString(2, userDid);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable("delete", e);
        }
    }

    /** {@code whsec_} and 32 random bytes, base64url without padding. */
    static String newWebhookSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Optional<StoredRule> find(Connection c, String userDid, UUID id) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM alert_rules r WHERE r.id = ? AND r.user_did = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, userDid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Binds name … webhook_url (12 columns) from {@code first}; answers the next index. */
    private static int bindInput(Connection c, PreparedStatement ps, int first, RuleInput in) throws SQLException {
        int i = first;
        ps.setString(i++, in.name());
        ps.setString(i++, in.kind());
        ps.setBoolean(i++, in.enabled() == null || in.enabled());
        ps.setString(i++, in.appDid());
        ps.setString(i++, in.modelId());
        ps.setBigDecimal(i++, in.threshold());
        setInt(ps, i++, in.windowHours());
        setInt(ps, i++, in.minCalls());
        ps.setString(i++, in.period());
        if (in.notifyAt() == null) {
            ps.setNull(i++, Types.ARRAY);
        } else {
            ps.setArray(i++, c.createArrayOf("int4", in.notifyAt().toArray()));
        }
        ps.setInt(i++, in.cooldownMinutes() == null ? RuleValidation.COOLDOWN_DEFAULT : in.cooldownMinutes());
        ps.setString(i++, in.webhookUrl());
        return i;
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static StoredRule read(ResultSet rs) throws SQLException {
        Array notify = rs.getArray("notify_at");
        List<Integer> notifyAt = null;
        if (notify != null) {
            notifyAt = Arrays.stream((Integer[]) notify.getArray()).toList();
        }
        Rule rule = new Rule(rs.getObject("id", UUID.class), rs.getString("user_did"), rs.getString("name"), rs.getString("kind"),
                rs.getBoolean("enabled"), rs.getString("app_did"), rs.getString("model_id"), rs.getBigDecimal("threshold"),
                (Integer) rs.getObject("window_hours"), (Integer) rs.getObject("min_calls"), rs.getString("period"), notifyAt,
                rs.getInt("cooldown_minutes"), rs.getString("webhook_url"), rs.getString("webhook_secret"), rs.getLong("created_at"),
                rs.getLong("updated_at"));
        return new StoredRule(rule, rs.getString("state"));
    }

    private static ProblemException unavailable(String what, SQLException e) {
        LOG.warnf("alert rules: could not %s: %s", what, e.getMessage());
        return ProblemException.unavailable("The database is not available right now; retrying is safe.", 5);
    }
}
