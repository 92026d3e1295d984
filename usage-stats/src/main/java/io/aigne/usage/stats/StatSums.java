package io.aigne.usage.stats;

/**
 * The SQL that sums ModelCallStat rows inside PostgreSQL (the query service's totals over whole
 * flushed buckets). Why here: the expressions name the {@link StatsJson} keys and their number
 * types, so they live beside the code that writes them.
 */
public final class StatSums {
    /**
     * Eight aggregate columns over {@code model_call_stats} rows aliased {@code stats}: row count,
     * calls, success calls, failed calls, tokens (numeric: the sums are BigIntegers), credits,
     * success duration sum (numeric), latest call time.
     */
    public static final String COLUMNS = "count(*) AS n, sum(" + bigint(StatsJson.TOTAL_CALLS) + "), sum("
            + bigint(StatsJson.SUCCESS_CALLS) + "), sum(" + bigint(StatsJson.FAILED_CALLS) + "), sum("
            + numeric(StatsJson.TOTAL_USAGE) + "), sum(" + numeric(StatsJson.TOTAL_CREDITS) + "), sum("
            + numeric(StatsJson.TOTAL_DURATION_MS) + "), max(" + bigint(StatsJson.MAX_CALL_TIME) + ")";

    /** How many columns {@link #COLUMNS} has. */
    public static final int COLUMN_COUNT = 8;

    private StatSums() {
    }

    /** A whole-number key of the stats JSON as a bigint. */
    static String bigint(String key) {
        return "(stats->>'" + key + "')::bigint";
    }

    /** A decimal (or BigInteger) key of the stats JSON as an exact numeric. */
    static String numeric(String key) {
        return "(stats->>'" + key + "')::numeric";
    }
}
