package io.aigne.usage.events;

/** Kafka topic names. Partitioning key of {@link #MODEL_CALLS} is the call's {@code userDid}. */
public final class Topics {
    public static final String MODEL_CALLS = "aigne.model-calls.v1";
    public static final String MODEL_CALLS_DLQ = "aigne.model-calls.dlq.v1";
    public static final String MODEL_CALL_STATS = "aigne.model-call-stats.v1";
    /** Running snapshots of open hour buckets, for consumers that cannot wait for the flush (decision 0009). */
    public static final String MODEL_CALL_STATS_LIVE = "aigne.model-call-stats.live.v1";

    /** Header on a dead-lettered record that says why it was rejected. */
    public static final String DLQ_REASON_HEADER = "dlq-reason";

    /**
     * Header on a record that re-ingests a call from a retention archive ({@link #ORIGIN_ARCHIVE_RESTORE}):
     * the call was counted when it first arrived, so it comes back to the call list only — never
     * again into statistics or the credit ledger.
     */
    public static final String ORIGIN_HEADER = "usage-origin";
    public static final String ORIGIN_ARCHIVE_RESTORE = "archive-restore";

    /** Whether a record's {@link #ORIGIN_HEADER} value (null when absent) marks a restored call. */
    public static boolean isArchiveRestore(byte[] origin) {
        return origin != null && ORIGIN_ARCHIVE_RESTORE.equals(new String(origin, java.nio.charset.StandardCharsets.UTF_8));
    }

    private Topics() {
    }
}
