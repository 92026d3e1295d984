package io.aigne.usage.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** A call as read from model_calls (credits still exact; usageMetrics and metadata as stored, or null). */
public record CallRow(String id, long callTime, String model, String providerId, String type, String status,
        double durationMs, long totalUsage, BigDecimal credits, String errorReason, String appDid, String requestId,
        String traceId, JsonNode usageMetrics, JsonNode metadata) {
}
