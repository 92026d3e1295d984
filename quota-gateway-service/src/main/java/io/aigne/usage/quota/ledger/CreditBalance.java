package io.aigne.usage.quota.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A user's running balance (table credit_balances), locked while a debit, a grant or an expiry changes it. */
@Entity
@Table(name = "credit_balances")
public class CreditBalance extends PanacheEntityBase {
    @Id
    public String userDid;
    public BigDecimal balance;

    /** The user's balance row, created at 0 when missing, locked until the transaction ends. */
    static CreditBalance lock(String user) {
        // native on purpose: two first transactions of a user must not collide on the key (find-then-persist would)
        getEntityManager().createNativeQuery("INSERT INTO credit_balances (user_did, balance) VALUES (?1, 0) ON CONFLICT (user_did) DO NOTHING")
                .setParameter(1, user).executeUpdate();
        return findById(user, LockModeType.PESSIMISTIC_WRITE);
    }

    void add(BigDecimal delta) {
        balance = balance.add(delta);
    }
}
