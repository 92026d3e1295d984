package io.aigne.usage.alerts.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * An alert rule as stored in {@code alert_rules} (docs/alerts.md "Rules"). Fields a kind does not
 * use are null: {@code windowHours} and {@code minCalls} belong to errorRate and p95Latency,
 * {@code period} and {@code notifyAt} to budget; creditsBelow and daysBelow have no scope
 * ({@code appDid}, {@code modelId} null). Times are Unix seconds.
 */
public record Rule(UUID id, String userDid, String name, String kind, boolean enabled, String appDid, String modelId,
        BigDecimal threshold, Integer windowHours, Integer minCalls, String period, List<Integer> notifyAt,
        int cooldownMinutes, String webhookUrl, String webhookSecret, long createdAt, long updatedAt) {

    public static final String ERROR_RATE = "errorRate";
    public static final String P95_LATENCY = "p95Latency";
    public static final String BUDGET = "budget";
    public static final String CREDITS_BELOW = "creditsBelow";
    public static final String DAYS_BELOW = "daysBelow";
    public static final List<String> KINDS = List.of(ERROR_RATE, P95_LATENCY, BUDGET, CREDITS_BELOW, DAYS_BELOW);

    public static final String PERIOD_DAY = "day";
    public static final String PERIOD_MONTH = "month";

    /** What the API answers as a rule's {@code state}. */
    public static final String STATE_DISABLED = "disabled";
    public static final String STATE_FIRING = "firing";
    public static final String STATE_OK = "ok";

    public Rule {
        notifyAt = notifyAt == null ? null : List.copyOf(notifyAt);
    }

    /** errorRate and p95Latency: evaluated over a window of hours. */
    public boolean windowed() {
        return ERROR_RATE.equals(kind) || P95_LATENCY.equals(kind);
    }

    /** creditsBelow and daysBelow: read from the quota gateway, for the user as a whole. */
    public boolean creditsKind() {
        return CREDITS_BELOW.equals(kind) || DAYS_BELOW.equals(kind);
    }
}
