package io.aigne.usage.alerts.rest;

import io.aigne.usage.alerts.rules.Rule;
import io.aigne.usage.alerts.rules.RuleStore.StoredRule;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rule as the API answers it (docs/alerts.md "API"): the stored fields but the owner, and its state. */
@Schema(name = "Rule")
public record RuleAnswer(UUID id, String name,
        @Schema(enumeration = {"errorRate", "p95Latency", "budget", "creditsBelow", "daysBelow"}) String kind,
        boolean enabled,
        @Schema(nullable = true, description = "The project; null: the user's whole usage (always for creditsBelow/daysBelow)") String appDid,
        @Schema(nullable = true, description = "The model of the project; null: every model") String modelId, BigDecimal threshold,
        @Schema(nullable = true, description = "errorRate/p95Latency; null for other kinds") Integer windowHours,
        @Schema(nullable = true, description = "errorRate/p95Latency; null for other kinds") Integer minCalls,
        @Schema(nullable = true, description = "budget; null for other kinds", enumeration = {"day", "month"}) String period,
        @Schema(nullable = true, description = "budget, ascending; null for other kinds") List<Integer> notifyAt, int cooldownMinutes,
        @Schema(nullable = true, description = "null: no webhook") String webhookUrl,
        @Schema(description = "HMAC-SHA256 key of the webhook signature (whsec_…); made at create, kept on replace") String webhookSecret,
        @Schema(description = "Unix seconds") long createdAt,
        @Schema(description = "Unix seconds of the last replace (createdAt until then)") long updatedAt,
        @Schema(description = "firing: an episode of the rule is open; ok; disabled: enabled is false",
                enumeration = {"ok", "firing", "disabled"}) String state) {

    static RuleAnswer of(StoredRule stored) {
        Rule r = stored.rule();
        return new RuleAnswer(r.id(), r.name(), r.kind(), r.enabled(), r.appDid(), r.modelId(), r.threshold(), r.windowHours(),
                r.minCalls(), r.period(), r.notifyAt(), r.cooldownMinutes(), r.webhookUrl(), r.webhookSecret(), r.createdAt(),
                r.updatedAt(), stored.state());
    }

    /** The caller's rules. */
    @Schema(name = "RuleList")
    public record RuleList(List<RuleAnswer> items, int total) {
    }
}
