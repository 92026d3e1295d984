package io.aigne.usage.alerts.rest;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An episode of one of the caller's rules, with what the rule is now (name, kind, scope). */
@Schema(name = "Episode")
public record EpisodeAnswer(long id, UUID ruleId, String ruleName,
        @Schema(enumeration = {"errorRate", "p95Latency", "budget", "creditsBelow", "daysBelow"}) String kind,
        @Schema(nullable = true) String appDid, @Schema(nullable = true) String modelId,
        @Schema(nullable = true, description = "Budgets: which period and percentage the episode is for; null for other kinds") String slot,
        @Schema(enumeration = {"open", "resolved"}) String state,
        @Schema(description = "Unix seconds") long openedAt,
        @Schema(description = "The measured value when it opened") BigDecimal openValue,
        @Schema(nullable = true, description = "Unix seconds; null while open") Long resolvedAt,
        @Schema(nullable = true, description = "The measured value when it resolved; null while open") BigDecimal closeValue) {

    /** A page of episodes, newest first. */
    @Schema(name = "EpisodePage")
    public record Page(List<EpisodeAnswer> items, long total, int page, int pageSize) {
    }
}
