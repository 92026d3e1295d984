package io.aigne.usage.stats;

/** Bucket length of a ModelCallStat row; buckets start at UTC hour and day boundaries. */
public enum TimeType {
    hour(3_600), day(86_400);

    private final long seconds;

    TimeType(long seconds) {
        this.seconds = seconds;
    }

    public long seconds() {
        return seconds;
    }

    /** Start of the bucket holding {@code unixSeconds}. */
    public long floor(long unixSeconds) {
        return Math.floorDiv(unixSeconds, seconds) * seconds;
    }
}
