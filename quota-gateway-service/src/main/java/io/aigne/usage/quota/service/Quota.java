package io.aigne.usage.quota.service;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Endpoint 1: credits granted and still effective, what is left, what was used, and how many
 * days the rest lasts at the last 30 days' pace. {@code stale} marks a last known value served
 * while the billing backend does not answer; {@code asOf} is when it was true (Unix s).
 */
public record Quota(BigDecimal total, BigDecimal remaining, BigDecimal used,
        @Schema(nullable = true, description = "remaining / (credits spent in the last 30 days / 30); null when nothing was spent, 0 when "
                + "nothing remains") Double estimatedDaysRemaining, String currency,
        long asOf, boolean stale) {
}
