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

    void set(AutoRecharge settings, long now) {
        enabled = settings.enabled();
        threshold = settings.threshold();
        quantity = settings.quantity();
        maxAttempts = settings.dailyLimit().maxAttempts();
        maxAmount = settings.dailyLimit().maxAmount();
        updatedAt = now;
    }
}
