package io.aigne.usage.quota.ledger;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.quota.service.AutoRecharge;
import io.aigne.usage.quota.service.Balance;
import io.aigne.usage.quota.service.CreditProvider;
import io.aigne.usage.quota.service.CreditTransaction;
import io.aigne.usage.quota.service.ProviderUnavailableException;
import io.aigne.usage.quota.service.TransactionPage;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link CreditProvider} over the built-in ledger tables: history and settings through the
 * entities; the balance is one SQL statement of three sums (decision record 0005).
 */
@ApplicationScoped
@Typed(LedgerCreditProvider.class) // only the selection produces a CreditProvider
public class LedgerCreditProvider implements CreditProvider {
    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

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
        try {
            PanacheQuery<LedgerLine> lines = type == null
                    ? LedgerLine.find("userDid = ?1", NEWEST_FIRST, userDid)
                    : LedgerLine.find("userDid = ?1 and type = ?2", NEWEST_FIRST, userDid, type);
            long offset = (long) (page - 1) * pageSize;
            // Hibernate takes an int offset; a page that far out is empty anyway
            List<CreditTransaction> list = offset > Integer.MAX_VALUE - pageSize ? List.of()
                    : lines.range((int) offset, (int) offset + pageSize - 1).stream().map(LedgerLine::toApi).toList();
            return new TransactionPage(list, lines.count(), page, pageSize);
        } catch (PersistenceException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }

    @Override
    public AutoRecharge autoRecharge(String userDid) {
        try {
            return AutoRechargeSettings.of(userDid);
        } catch (PersistenceException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }

    @Override
    public AutoRecharge saveAutoRecharge(String userDid, AutoRecharge config) {
        try {
            return ledger.saveAutoRecharge(userDid, config);
        } catch (PersistenceException e) {
            throw new ProviderUnavailableException("ledger unavailable", e);
        }
    }
}
