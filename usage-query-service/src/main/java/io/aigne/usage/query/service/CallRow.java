package io.aigne.usage.query.service;

import java.math.BigDecimal;

/** A call as read from model_calls (credits still exact). */
public record CallRow(String id, long callTime, String model, String providerId, String type, String status,
        double durationMs, long totalUsage, BigDecimal credits, String errorReason, String appDid) {
}
