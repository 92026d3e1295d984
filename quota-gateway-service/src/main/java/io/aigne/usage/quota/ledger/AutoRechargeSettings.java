package io.aigne.usage.quota.ledger;

import io.aigne.usage.quota.service.AutoRecharge;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A user's auto-recharge settings (table auto_recharge_configs). */
@Entity
@Table(name = "auto_recharge_configs")
public class AutoRechargeSettings extends PanacheEntityBase {
    @Id
    public String userDid;
    public boolean enabled;
    public BigDecimal threshold;
    public BigDecimal quantity;
    public int maxAttempts;
    public BigDecimal maxAmount;
    public long updatedAt;

    /** The user's settings, or the disabled defaults when never saved. */
    static AutoRecharge of(String user) {
        AutoRechargeSettings s = findById(user);
        return s == null ? AutoRecharge.disabled()
                : new AutoRecharge(s.enabled, s.threshold, s.quantity, new AutoRecharge.DailyLimit(s.maxAttempts, s.maxAmount));
    }

    /** One statement, so two first saves of a user cannot collide on the key (decision 0005). */
    static void upsert(String user, AutoRecharge settings, long now) {
        getEntityManager().createNativeQuery("""
                INSERT INTO auto_recharge_configs (user_did, enabled, threshold, quantity, max_attempts, max_amount, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                ON CONFLICT (user_did) DO UPDATE SET enabled = EXCLUDED.enabled, threshold = EXCLUDED.threshold,
                    quantity = EXCLUDED.quantity, max_attempts = EXCLUDED.max_attempts, max_amount = EXCLUDED.max_amount,
                    updated_at = EXCLUDED.updated_at""")
                .setParameter(1, user).setParameter(2, settings.enabled()).setParameter(3, settings.threshold())
                .setParameter(4, settings.quantity()).setParameter(5, settings.dailyLimit().maxAttempts())
                .setParameter(6, settings.dailyLimit().maxAmount()).setParameter(7, now)
                .executeUpdate();
    }
}
