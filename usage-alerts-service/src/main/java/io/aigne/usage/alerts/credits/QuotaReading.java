package io.aigne.usage.alerts.credits;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.ModelCallJson;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A quota answer fit to decide credits rules on: a 200 that is not {@code stale} and names the
 * remaining credits. Anything else — an error, a stale last-known value, an unreadable body —
 * is no reading, and the rules keep their state.
 */
public record QuotaReading(BigDecimal remaining, BigDecimal daysLeft) {

    public static Optional<QuotaReading> of(int status, String body) {
        if (status != 200 || body == null) {
            return Optional.empty();
        }
        try {
            JsonNode q = ModelCallJson.MAPPER.readTree(body);
            if (!q.isObject() || q.path("stale").asBoolean(true) || !q.path("remaining").isNumber()) {
                return Optional.empty();
            }
            JsonNode days = q.path("estimatedDaysRemaining");
            return Optional.of(new QuotaReading(q.get("remaining").decimalValue(), days.isNumber() ? days.decimalValue() : null));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
