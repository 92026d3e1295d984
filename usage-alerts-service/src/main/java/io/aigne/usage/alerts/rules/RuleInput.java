package io.aigne.usage.alerts.rules;

import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A rule as a client writes it (the body of create and replace), after {@link RuleValidation}:
 * defaults filled in, fields the kind does not use null, {@code notifyAt} ascending.
 */
@Schema(name = "RuleInput", description = "A rule as written by the client. Fields a kind does not use must be absent or null; "
        + "id, webhookSecret, createdAt, updatedAt and state may be sent back as read and are ignored; any other field is a 400.")
public record RuleInput(
        @Schema(required = true, description = "1-100 characters") String name,
        @Schema(required = true, enumeration = {"errorRate", "p95Latency", "budget", "creditsBelow", "daysBelow"}) String kind,
        @Schema(nullable = true, description = "Default true") Boolean enabled,
        @Schema(nullable = true, description = "One project (1-256 characters); absent: the user's whole usage. Not used by creditsBelow/daysBelow") String appDid,
        @Schema(nullable = true, description = "One model of the project (1-256 characters); only with appDid") String modelId,
        @Schema(required = true, description = "errorRate: percent 0-100; p95Latency: ms > 0; budget: credits > 0; "
                + "creditsBelow: credits >= 0; daysBelow: days >= 0") BigDecimal threshold,
        @Schema(nullable = true, description = "errorRate/p95Latency: 1-24, default 1") Integer windowHours,
        @Schema(nullable = true, description = "errorRate/p95Latency: >= 1, default 20") Integer minCalls,
        @Schema(nullable = true, description = "budget (required): day or month (UTC)", enumeration = {"day", "month"}) String period,
        @Schema(nullable = true, description = "budget: 1-5 distinct percentages 1-1000, default [50, 80, 100]; stored ascending") List<Integer> notifyAt,
        @Schema(nullable = true, description = "0-1440, default 10") Integer cooldownMinutes,
        @Schema(nullable = true, description = "https:// or http:// URL of a public host; absent, null or empty: no webhook") String webhookUrl) {

    public RuleInput {
        notifyAt = notifyAt == null ? null : List.copyOf(notifyAt);
    }
}
