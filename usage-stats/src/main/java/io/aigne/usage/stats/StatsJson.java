package io.aigne.usage.stats;

import java.util.List;

/**
 * The key names of the {@code stats} JSON of a ModelCallStat row. Why one class: the aggregator
 * writes these keys ({@link CallStats#toJson}) and the query service sums them in SQL
 * ({@link StatSums}); naming them once means a rename cannot split writer and reader, and the
 * golden row in the tests pins the names themselves.
 */
public final class StatsJson {
    public static final String TOTAL_USAGE = "totalUsage";
    public static final String TOTAL_CREDITS = "totalCredits";
    public static final String TOTAL_CALLS = "totalCalls";
    public static final String SUCCESS_CALLS = "successCalls";
    public static final String FAILED_CALLS = "failedCalls";
    public static final String TOTAL_DURATION_MS = "totalDurationMs";
    public static final String MAX_CALL_TIME = "maxCallTime";
    /** Object of call type → {@link #CALLS}, {@link #TOTAL_USAGE}, {@link #TOTAL_CREDITS}. */
    public static final String BY_TYPE = "byType";
    public static final String CALLS = "calls";

    /** The top-level number keys, in the order {@link CallStats#toJson} writes them. */
    public static final List<String> TOTALS = List.of(TOTAL_USAGE, TOTAL_CREDITS, TOTAL_CALLS, SUCCESS_CALLS, FAILED_CALLS,
            TOTAL_DURATION_MS, MAX_CALL_TIME);

    private StatsJson() {
    }
}
