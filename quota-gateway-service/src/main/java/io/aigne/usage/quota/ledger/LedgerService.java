package io.aigne.usage.quota.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.quota.service.AutoRecharge;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in credit ledger: grants, debits of finished calls (each once), expiry of expired
 * grants and auto-recharge within its daily limits. Every balance change writes its transaction
 * line in the same database transaction.
 */
@ApplicationScoped
public class LedgerService {
    static final String AUTO_RECHARGE = "auto-recharge";
    private static final long DAY = 86_400;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /** An admin's grant; {@code grantedBy} is the admin (their token's user), kept with the grant and shown in its history line. */
    @Transactional
    public String grant(String user, BigDecimal amount, String category, Long expiresAt, String name, String grantedBy)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            LedgerStore.lockBalance(c, user);
            return grantIn(c, user, amount, category, expiresAt, name, "admin", grantedBy, now());
        }
    }

    private String grantIn(Connection c, String user, BigDecimal amount, String category, Long expiresAt, String name, String source,
            String grantedBy, long now) throws SQLException {
        String id = LedgerStore.insertGrant(c, user, amount, category, expiresAt, name, source, grantedBy, now);
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("category", category).put("source", source);
        if (grantedBy != null) {
            metadata.put("grantedBy", grantedBy);
        }
        LedgerStore.insertTransaction(c, user, "grant", amount, name != null ? name : "Credit grant", metadata.toString(), id, now);
        LedgerStore.addToBalance(c, user, amount);
        return id;
    }

    /** Debits finished calls not debited before; returns how many were new. All or nothing. */
    @Transactional(rollbackOn = Exception.class)
    public int debit(List<ModelCall> calls) throws SQLException {
        long now = now();
        int debited = 0;
        Map<String, Boolean> touched = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (ModelCall call : calls) {
                if (!call.status().isTerminal() || call.credits().signum() <= 0) {
                    continue;
                }
                if (!touched.containsKey(call.userDid())) {
                    LedgerStore.lockBalance(c, call.userDid());
                    touched.put(call.userDid(), true);
                }
                if (!LedgerStore.firstDebit(c, call.userDid(), call.id(), call.credits(), now)) {
                    continue;
                }
                LedgerStore.drawFromGrants(c, call.userDid(), call.credits(), now);
                // booked in the hour the call happened, so spend history follows usage even for late events
                LedgerStore.bookConsumption(c, call.userDid(), call.credits(), Math.floorDiv(call.callTime(), 3_600) * 3_600, now);
                LedgerStore.addToBalance(c, call.userDid(), call.credits().negate());
                debited++;
            }
            for (String user : touched.keySet()) {
                autoRecharge(c, user, now);
            }
        }
        registry.counter("usage.ledger.calls_debited").increment(debited);
        return debited;
    }

    /** Tops the balance up when it fell below the threshold, within today's attempts and amount. */
    private void autoRecharge(Connection c, String user, long now) throws SQLException {
        AutoRecharge config = autoRecharge(c, user);
        if (!config.enabled() || LedgerStore.lockBalance(c, user).compareTo(config.threshold()) >= 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*), coalesce(sum(amount), 0) FROM credit_grants
                WHERE user_did = ? AND source = ? AND created_at >= ?""")) {
            ps.setString(1, user);
            ps.setString(2, AUTO_RECHARGE);
            ps.setLong(3, now / DAY * DAY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean withinAttempts = rs.getInt(1) < config.dailyLimit().maxAttempts();
                boolean withinAmount = rs.getBigDecimal(2).add(config.quantity()).compareTo(config.dailyLimit().maxAmount()) <= 0;
                if (withinAttempts && withinAmount) {
                    grantIn(c, user, config.quantity(), "paid", null, "Auto-recharge", AUTO_RECHARGE, null, now);
                    registry.counter("usage.ledger.auto_recharges").increment();
                }
            }
        }
    }

    /** Expires what is left of grants past their expiry; returns how many expired. */
    @Transactional
    public int expireDue() throws SQLException {
        long now = now();
        int expired = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT id, user_did, remaining FROM credit_grants
                        WHERE status = 'granted' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY user_did, id""")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String user = rs.getString(2);
                    LedgerStore.lockBalance(c, user);
                    // read again under the lock: a debit may have drawn from this grant meanwhile
                    BigDecimal remaining;
                    try (PreparedStatement upd = c.prepareStatement("""
                            UPDATE credit_grants g SET status = 'expired', remaining = 0
                            FROM (SELECT id, remaining FROM credit_grants WHERE id = ? AND status = 'granted' FOR UPDATE) old
                            WHERE g.id = old.id RETURNING old.remaining""")) {
                        upd.setString(1, rs.getString(1));
                        try (ResultSet r = upd.executeQuery()) {
                            if (!r.next()) {
                                continue;
                            }
                            remaining = r.getBigDecimal(1);
                        }
                    }
                    if (remaining.signum() > 0) {
                        LedgerStore.insertTransaction(c, user, "expiration", remaining.negate(), "Expired credit grant", null,
                                rs.getString(1), now);
                        LedgerStore.addToBalance(c, user, remaining.negate());
                    }
                    expired++;
                }
            }
        }
        return expired;
    }

    AutoRecharge autoRecharge(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT enabled, threshold, quantity, max_attempts, max_amount FROM auto_recharge_configs WHERE user_did = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return AutoRecharge.disabled();
                }
                return new AutoRecharge(rs.getBoolean(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        new AutoRecharge.DailyLimit(rs.getInt(4), rs.getBigDecimal(5)));
            }
        }
    }

    public long nowSeconds() {
        return now();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }
}
