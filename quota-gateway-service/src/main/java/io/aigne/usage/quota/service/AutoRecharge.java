package io.aigne.usage.quota.service;

import java.math.BigDecimal;

/**
 * Auto top-up: when the balance drops below {@code threshold}, add {@code quantity} credits, at
 * most {@code dailyLimit.maxAttempts} times and {@code dailyLimit.maxAmount} credits per UTC day.
 */
public record AutoRecharge(boolean enabled, BigDecimal threshold, BigDecimal quantity, DailyLimit dailyLimit) {
    public record DailyLimit(int maxAttempts, BigDecimal maxAmount) {
    }

    public static AutoRecharge disabled() {
        return new AutoRecharge(false, BigDecimal.ZERO, BigDecimal.valueOf(100), new DailyLimit(3, BigDecimal.valueOf(300)));
    }
}
