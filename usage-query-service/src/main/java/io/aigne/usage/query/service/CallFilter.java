package io.aigne.usage.query.service;

import java.util.List;

/**
 * Which of a project's calls in a range are meant, beyond the range itself. Every part is optional
 * (an empty list or null means "any") and all parts combine with AND.
 *
 * @param models        the call's model is one of these
 * @param statuses      the call's status is one of these
 * @param type          exact call type, e.g. chatCompletion
 * @param minDurationMs only calls that took longer than this
 * @param charged       true: credits &gt; 0; false: credits = 0
 * @param idPrefix      the call's id, requestId or traceId starts with this (case-sensitive, taken literally)
 */
public record CallFilter(List<String> models, List<String> statuses, String type, Double minDurationMs, Boolean charged,
        String idPrefix) {
    public static final List<String> TERMINAL = List.of("success", "failed");

    public CallFilter {
        models = models == null ? List.of() : List.copyOf(models);
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }

    /** Only the given models (any, when empty). */
    public static CallFilter ofModels(List<String> models) {
        return new CallFilter(models, List.of(), null, null, null, null);
    }

    /** The same filter, narrowed to the given statuses. */
    public CallFilter withStatuses(List<String> only) {
        return new CallFilter(models, only, type, minDurationMs, charged, idPrefix);
    }
}
