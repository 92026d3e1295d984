package io.aigne.usage.quota.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of the credit history: signed amount (grants positive, consumption and expiry negative). */
public record CreditTransaction(String id, BigDecimal amount, String type, long createdAt, @Schema(nullable = true) String description,
        @Schema(nullable = true, description = "free-form JSON, as payment-kit or the ledger stored it") JsonNode metadata) {
    public static final java.util.List<String> TYPES = java.util.List.of("grant", "consumption", "adjustment", "expiration");
}
