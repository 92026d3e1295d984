package io.aigne.usage.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.query.service.CallRow;
import io.aigne.usage.query.service.Coverage;
import io.aigne.usage.support.Credits;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Endpoint 9's answer: one page of calls plus the total count, and from when on the range's calls
 * are still kept ({@code coverage.exactFrom}: calls before rawCallsFrom expired).
 */
public record CallList(List<Item> list, long count, int page, int pageSize,
        @Schema(description = "calls before coverage.exactFrom expired (retention): count and list hold only kept calls") Coverage coverage) {

    /**
     * One call as the page shows it: the model without provider, latency in ms, credits rounded to
     * 6 decimals, and the JSON details for the expandable row.
     */
    public record Item(String id, long callTime, String model, String type, String status, double duration,
            long totalUsage, BigDecimal credits, @Schema(nullable = true) String errorReason,
            @Schema(nullable = true) String requestId, @Schema(nullable = true) String traceId,
            @Schema(nullable = true, description = "as the event carried it") JsonNode usageMetrics,
            @Schema(nullable = true, description = "as the event carried it") JsonNode metadata) {

        static Item of(CallRow r) {
            return new Item(r.id(), r.callTime(), r.model(), r.type(), r.status(), r.durationMs(), r.totalUsage(),
                    Credits.forApi(r.credits()), r.errorReason(), r.requestId(), r.traceId(), r.usageMetrics(), r.metadata());
        }
    }
}
