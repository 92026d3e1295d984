package io.aigne.usage.quota.service;

import java.math.BigDecimal;

/** What a credit provider reports for a user: effective grants, remaining, spend of the last 30 days. */
public record Balance(BigDecimal total, BigDecimal remaining, BigDecimal spentLast30Days, String currency) {
}
