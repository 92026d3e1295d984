package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallFilter;
import io.aigne.usage.support.Params;
import java.math.BigDecimal;
import java.util.List;

/** The call list's filter parameters, parsed once for the list, the export and the sample (bad values → 400). */
final class CallFilterParams {
    static final int MAX_MODELS = 20;
    static final String MODEL_DOC = "Exact model name (as the list shows it); repeat for any of several (at most 20, each up to 256 characters)";
    static final String TYPE_DOC = "Exact call type, e.g. chatCompletion (up to 64 characters)";
    static final String MIN_DURATION_DOC = "Only calls that took longer than this many ms (a number >= 0, decimals allowed)";
    static final String CHARGED_DOC = "true: only calls with credits > 0; false: only calls with credits = 0";
    static final String SEARCH_DOC = "Calls whose id, requestId or traceId starts with this text (case-sensitive, 1-256 characters;"
            + " % and _ are taken literally)";
    static final String STATUS_DOC = "success | failed | processing";

    private CallFilterParams() {
    }

    static CallFilter parse(List<String> model, String status, String type, String minDuration, String charged, String search) {
        List<String> models = Params.texts("model", model, MAX_MODELS, 256);
        String s = Params.oneOf("status", status, "success", "failed", "processing");
        String t = Params.text("type", type, 64);
        BigDecimal min = Params.nonNegativeDecimal("minDuration", minDuration);
        Boolean isCharged = Params.bool("charged", charged);
        String prefix = Params.text("search", search, 256);
        // duration_ms is a double: compare with the double nearest the given decimal, as the list shows durations
        return new CallFilter(models, s == null ? List.of() : List.of(s), t, min == null ? null : min.doubleValue(), isCharged, prefix);
    }
}
