package io.aigne.usage.quota.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Credits granted to a user (table credit_grants): what is left of them, and until when they count. */
@Entity
@IdClass(UserScopedId.class)
@Table(name = "credit_grants")
public class CreditGrant extends PanacheEntityBase {
    static final String GRANTED = "granted";

    @Id
    public String id;
    @Id
    public String userDid;
    public BigDecimal amount;
    public BigDecimal remaining;
    /** paid | promotional */
    public String category;
    /** granted | depleted | expired | voided */
    public String status;
    /** admin | auto-recharge */
    public String source;
    public String name;
    /** Unix seconds; null = never expires. */
    public Long expiresAt;
    public long createdAt;
    /** The admin who granted it; null for grants the ledger makes itself. */
    public String grantedBy;

    static CreditGrant of(String user, BigDecimal amount, String category, Long expiresAt, String name, String source,
            String grantedBy, long now) {
        CreditGrant g = new CreditGrant();
        g.id = "grant_" + UUID.randomUUID().toString().replace("-", "");
        g.userDid = user;
        g.amount = amount;
        g.remaining = amount;
        g.category = category;
        g.status = GRANTED;
        g.source = source;
        g.name = name;
        g.expiresAt = expiresAt;
        g.createdAt = now;
        g.grantedBy = grantedBy;
        return g;
    }

    /** The user's effective grants in the order they are drawn from (promotional first, then soonest to expire), locked. */
    static List<CreditGrant> drawOrder(String user, long now) {
        return find("""
                userDid = ?1 and status = 'granted' and (expiresAt is null or expiresAt > ?2)
                order by case when category = 'promotional' then 0 else 1 end, expiresAt nulls last, createdAt, id""", user, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Takes up to {@code credits} from this grant; returns what is still to take. */
    BigDecimal take(BigDecimal credits) {
        BigDecimal taken = remaining.min(credits);
        remaining = remaining.subtract(taken);
        if (remaining.signum() == 0) {
            status = "depleted";
        }
        return credits.subtract(taken);
    }

    /**
     * One grant, locked for this transaction, found by its user and id as plain equalities (a
     * find by the composite id becomes a row-value IN, which a sharded planner may not route).
     */
    static CreditGrant lockOne(String user, String id) {
        return CreditGrant.<CreditGrant>find("userDid = ?1 and id = ?2", user, id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
