package io.aigne.usage.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * One model call as carried on {@link Topics#MODEL_CALLS}. Instances are only built from input
 * that passed {@link ModelCallValidator}, so every field obeys docs/contracts.md §1.
 *
 * @param credits exact decimal, at most {@link ModelCallValidator#CREDITS_MAX_SCALE} places
 * @param callTime Unix seconds at call start
 */
public record ModelCall(
        String id,
        String userDid,
        String appDid,
        String model,
        String providerId,
        CallType type,
        CallStatus status,
        double durationMs,
        long totalUsage,
        BigDecimal credits,
        long callTime,
        String errorReason,
        ObjectNode usageMetrics,
        ObjectNode metadata,
        String requestId,
        String traceId,
        int schemaVersion) {
}
