package io.aigne.usage.quota.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The ledger's SQL on a caller's connection (the caller holds the transaction). */
final class LedgerStore {
    private LedgerStore() {
    }

    /** Locks the user's balance row (creating it at 0) and returns the balance. */
    static BigDecimal lockBalance(Connection c, String user) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO credit_balances (user_did, balance) VALUES (?, 0) ON CONFLICT (user_did) DO NOTHING")) {
            ins.setString(1, user);
            ins.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM credit_balances WHERE user_did = ? FOR UPDATE")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    static void addToBalance(Connection c, String user, BigDecimal delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE credit_balances SET balance = balance + ? WHERE user_did = ?")) {
            ps.setBigDecimal(1, delta);
            ps.setString(2, user);
            ps.executeUpdate();
        }
    }

    static String insertGrant(Connection c, String user, BigDecimal amount, String category, Long expiresAt, String name,
            String source, String grantedBy, long now) throws SQLException {
        String id = "grant_" + UUID.randomUUID().toString().replace("-", "");
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO credit_grants (id, user_did, amount, remaining, category, status, source, name, expires_at, created_at, granted_by)
                VALUES (?, ?, ?, ?, ?, 'granted', ?, ?, ?, ?, ?)""")) {
            ps.setString(1, id);
            ps.setString(2, user);
            ps.setBigDecimal(3, amount);
            ps.setBigDecimal(4, amount);
            ps.setString(5, category);
            ps.setString(6, source);
            ps.setString(7, name);
            if (expiresAt == null) {
                ps.setNull(8, java.sql.Types.BIGINT);
            } else {
                ps.setLong(8, expiresAt);
            }
            ps.setLong(9, now);
            ps.setString(10, grantedBy);
            ps.executeUpdate();
        }
        return id;
    }

    static void insertTransaction(Connection c, String user, String type, BigDecimal amount, String description, String metadata,
            String grantId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO credit_transactions (id, user_did, type, amount, description, metadata, grant_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")) {
            ps.setString(1, "ctx_" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(2, user);
            ps.setString(3, type);
            ps.setBigDecimal(4, amount);
            ps.setString(5, description);
            ps.setString(6, metadata);
            ps.setString(7, grantId);
            ps.setLong(8, now);
            ps.setLong(9, now);
            ps.executeUpdate();
        }
    }

    /** Books consumption on the user's row of the hour: one growing line per hour, not one per call. */
    static void bookConsumption(Connection c, String user, BigDecimal credits, long hourStart, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO credit_transactions (id, user_did, type, amount, description, metadata, period_key, created_at, updated_at)
                VALUES (?, ?, 'consumption', ?, ?, '{"calls": 1}'::jsonb, ?, ?, ?)
                ON CONFLICT (user_did, period_key) WHERE period_key IS NOT NULL DO UPDATE SET
                    amount = credit_transactions.amount + EXCLUDED.amount,
                    metadata = jsonb_set(credit_transactions.metadata, '{calls}',
                        to_jsonb((credit_transactions.metadata->>'calls')::bigint + 1)),
                    updated_at = EXCLUDED.updated_at""")) {
            ps.setString(1, "ctx_" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(2, user);
            ps.setBigDecimal(3, credits.negate());
            ps.setString(4, "Model calls " + java.time.Instant.ofEpochSecond(hourStart).toString().substring(0, 13) + ":00 UTC");
            ps.setString(5, "consumption:" + hourStart);
            ps.setLong(6, hourStart);
            ps.setLong(7, now);
            ps.executeUpdate();
        }
    }

    /** True the first time this call is seen: each finished call is debited once. */
    static boolean firstDebit(Connection c, String user, String callId, BigDecimal credits, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ledger_debited_calls (user_did, call_id, credits, debited_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_did, call_id) DO NOTHING""")) {
            ps.setString(1, user);
            ps.setString(2, callId);
            ps.setBigDecimal(3, credits);
            ps.setLong(4, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** Takes {@code credits} from the user's effective grants: promotional first, then soonest to expire. */
    static void drawFromGrants(Connection c, String user, BigDecimal credits, long now) throws SQLException {
        BigDecimal left = credits;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, remaining FROM credit_grants
                WHERE user_did = ? AND status = 'granted' AND (expires_at IS NULL OR expires_at > ?)
                ORDER BY (category = 'promotional') DESC, expires_at NULLS LAST, created_at, id FOR UPDATE""");
                PreparedStatement update = c.prepareStatement(
                        "UPDATE credit_grants SET remaining = ?, status = CASE WHEN ? = 0 THEN 'depleted' ELSE status END WHERE id = ?")) {
            ps.setString(1, user);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (left.signum() > 0 && rs.next()) {
                    BigDecimal remaining = rs.getBigDecimal(2);
                    BigDecimal take = remaining.min(left);
                    BigDecimal after = remaining.subtract(take);
                    update.setBigDecimal(1, after);
                    update.setBigDecimal(2, after);
                    update.setString(3, rs.getString(1));
                    update.addBatch();
                    left = left.subtract(take);
                }
            }
            update.executeBatch();
        }
    }
}
