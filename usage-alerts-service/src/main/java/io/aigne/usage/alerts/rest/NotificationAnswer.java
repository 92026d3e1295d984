package io.aigne.usage.alerts.rest;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An in-app notification (docs/alerts.md "API"): one per episode opened or resolved. */
@Schema(name = "Notification")
public record NotificationAnswer(long id,
        @Schema(implementation = String.class, format = "uuid", nullable = true, description = "null once the rule was deleted")
        UUID ruleId, @Schema(nullable = true) String ruleName,
        @Schema(enumeration = {"errorRate", "p95Latency", "budget", "creditsBelow", "daysBelow"}) String kind,
        @Schema(enumeration = {"opened", "resolved"}) String event,
        @Schema(description = "Unix seconds") long at, boolean read, long episodeId,
        @Schema(nullable = true, description = "The measured value") BigDecimal value,
        @Schema(nullable = true, description = "The rule's threshold") BigDecimal threshold,
        @Schema(nullable = true, description = "Budgets: the percentage of the budget reached; null for other kinds") Integer notifyAt,
        @Schema(nullable = true) String appDid, @Schema(nullable = true) String modelId, String message) {

    /** A page of notifications, newest first, and how many of all the caller's are unread. */
    @Schema(name = "NotificationPage")
    public record Page(@Schema(description = "The caller's unread notifications (whatever the filter)") long unread,
            @Schema(description = "Notifications matching the filter") long total, int page, int pageSize,
            List<NotificationAnswer> items) {
    }
}
