package io.aigne.usage.aggregator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.CallTimeWindow;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.ModelCallValidator;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.support.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an ingest body into validated events: a JSON array, or NDJSON (one event per non-blank
 * line). Index {@code i} is the position in the array, or the i-th non-blank line.
 */
final class IngestBody {
    private IngestBody() {
    }

    static List<ValidationResult> parse(String body, int maxEvents, CallTimeWindow window, long now) {
        String trimmed = body == null ? "" : body.strip();
        if (trimmed.isEmpty()) {
            throw ProblemException.badRequest("The body holds no events: send a JSON array or NDJSON.");
        }
        List<ValidationResult> results = trimmed.startsWith("[")
                ? fromArray(trimmed, maxEvents, window, now) : fromLines(trimmed, maxEvents, window, now);
        if (results.isEmpty()) {
            throw ProblemException.badRequest("The body holds no events.");
        }
        return results;
    }

    private static List<ValidationResult> fromArray(String body, int maxEvents, CallTimeWindow window, long now) {
        JsonNode array;
        try {
            array = ModelCallJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not valid JSON" + ModelCallJson.describe(e) + ".");
        }
        if (!array.isArray()) {
            throw ProblemException.badRequest("The body must be a JSON array of events or NDJSON.");
        }
        checkSize(array.size(), maxEvents);
        List<ValidationResult> results = new ArrayList<>(array.size());
        array.forEach(node -> results.add(ModelCallValidator.validate(node, window, now)));
        return results;
    }

    private static List<ValidationResult> fromLines(String body, int maxEvents, CallTimeWindow window, long now) {
        List<String> lines = body.lines().filter(l -> !l.isBlank()).toList();
        checkSize(lines.size(), maxEvents);
        return lines.stream().map(line -> ModelCallJson.parse(line, window, now)).toList();
    }

    private static void checkSize(int size, int maxEvents) {
        if (size > maxEvents) {
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "At most " + maxEvents + " events per request; this one has " + size + ".");
        }
    }
}
