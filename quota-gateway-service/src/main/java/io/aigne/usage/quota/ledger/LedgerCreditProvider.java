package io.aigne.usage.quota.ledger;

import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.quota.service.AutoRecharge;
import io.aigne.usage.quota.service.Balance;
import io.aigne.usage.quota.service.CreditProvider;
import io.aigne.usage.quota.service.CreditTransaction;
import io.aigne.usage.quota.service.ProviderUnavailableException;
import io.aigne.usage.quota.service.TransactionPage;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link CreditProvider} over the built-in ledger tables. */
@ApplicationScoped
@Typed(LedgerCreditProvider.class) // only the selection produces a CreditProvider
public class LedgerCreditProvider implements CreditProvider {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerService ledger;

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public Balance balance(String userDid) {
        long now = ledger.now();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT (SELECT coalesce(sum(amount), 0) FROM credit_grants WHERE user_did = ?
                                  AND status IN ('granted', 'depleted') AND (expires_at IS NULL OR expires_at > ?)),
                               (SELECT coalesce(max(balance), 0) FROM credit_balances WHERE user_did = ?)
                                 - (SELECT coalesce(sum(remaining), 0) FROM credit_grants WHERE user_did = ?
                                      AND status = 'granted' AND expires_at <= ?),
                               (SELECT coalesce(-sum(amount), 0) FROM credit_transactions WHERE user_did = ?
                                  AND type = 'consumption' AND created_at >= ?)""")) {
            ps.setString(1, userDid);
            ps.setLong(2, now);
            ps.setString(3, userDid);
            ps.setString(4, userDid); // expired but not yet booked by the expiry job
            ps.setLong(5, now);
            ps.setString(6, userDid);
            ps.setLong(7, now - 30 * 86_400L);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Balance(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), "credits");
            }
        } catch (SQLException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }

    @Override
    public TransactionPage transactions(String userDid, int page, int pageSize, String type) {
        String where = " WHERE user_did = ?" + (type != null ? " AND type = ?" : "");
        try (Connection c = dataSource.getConnection()) {
            List<CreditTransaction> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, amount, type, created_at, description, metadata FROM credit_transactions"
                    + where + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
                int i = bind(ps, userDid, type);
                ps.setInt(i++, pageSize);
                ps.setLong(i, (long) (page - 1) * pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String metadata = rs.getString(6);
                        list.add(new CreditTransaction(rs.getString(1), io.aigne.usage.support.Credits.forApi(rs.getBigDecimal(2)),
                                rs.getString(3), rs.getLong(4), rs.getString(5),
                                metadata == null ? null : ModelCallJson.MAPPER.readTree(metadata)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM credit_transactions" + where)) {
                bind(ps, userDid, type);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new TransactionPage(list, rs.getLong(1), page, pageSize);
                }
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }

    private static int bind(PreparedStatement ps, String userDid, String type) throws SQLException {
        ps.setString(1, userDid);
        if (type != null) {
            ps.setString(2, type);
            return 3;
        }
        return 2;
    }

    @Override
    public AutoRecharge autoRecharge(String userDid) {
        try (Connection c = dataSource.getConnection()) {
            return ledger.autoRecharge(c, userDid);
        } catch (SQLException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }

    @Override
    public AutoRecharge saveAutoRecharge(String userDid, AutoRecharge config) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO auto_recharge_configs (user_did, enabled, threshold, quantity, max_attempts, max_amount, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (user_did) DO UPDATE SET enabled = EXCLUDED.enabled, threshold = EXCLUDED.threshold,
                            quantity = EXCLUDED.quantity, max_attempts = EXCLUDED.max_attempts, max_amount = EXCLUDED.max_amount,
                            updated_at = EXCLUDED.updated_at""")) {
            ps.setString(1, userDid);
            ps.setBoolean(2, config.enabled());
            ps.setBigDecimal(3, config.threshold());
            ps.setBigDecimal(4, config.quantity());
            ps.setInt(5, config.dailyLimit().maxAttempts());
            ps.setBigDecimal(6, config.dailyLimit().maxAmount());
            ps.setLong(7, ledger.now());
            ps.executeUpdate();
            return config;
        } catch (SQLException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }
}
