package io.aigne.usage.aggregator.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long data is kept and where expired calls go (README "Retention and archives"). */
@ConfigMapping(prefix = "usage.retention")
public interface RetentionConfig {

    /** Off: nothing is archived or removed (partitions are still created ahead). */
    @WithDefault("true")
    boolean enabled();

    /** Raw calls (the call list, exports, live sums) are kept this many days, then archived and dropped by whole UTC months. */
    @WithDefault("400")
    int rawDays();

    /** Hour rows of ModelCallStat are kept this many days (whole UTC days); day rows are kept forever. */
    @WithDefault("400")
    int hourDays();

    /** Where month archives (gzip NDJSON in the event format) and their manifest are written. */
    @WithDefault("archive")
    String archiveDir();

    /** How often the job looks for expired data. */
    @WithDefault("1h")
    Duration every();

    /** The first scheduled run after start (the local stack runs it itself once the demo data is in). */
    @WithDefault("30s")
    Duration firstRunAfter();

    /** A restored month stays (is not expired again) this long by default. */
    @WithDefault("7d")
    Duration restoreHold();

    /** Month partitions of model_calls created ahead of the running month. */
    @WithDefault("2")
    int partitionsAhead();
}
