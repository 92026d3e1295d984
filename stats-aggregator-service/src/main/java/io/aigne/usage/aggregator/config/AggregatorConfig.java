package io.aigne.usage.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "usage.aggregator")
public interface AggregatorConfig {

    Consumer consumer();

    Ingest ingest();

    Flush flush();

    Live live();

    /** k of the KLL latency sketches: 400 keeps the P95 rank error well inside the contract's ±0.01. */
    @WithDefault("400")
    int sketchK();

    interface Flush {
        /** When closed hours are written to model_call_stats (Unix cron, UTC). */
        @WithDefault("5 * * * *")
        String cron();
    }

    /** Running snapshots of open hour buckets on the live stats topic (decision 0009). */
    interface Live {
        /** How often changed open hours are published; bounds how soon alerts see new calls. */
        @WithDefault("20s")
        Duration every();

        @WithDefault("true")
        boolean enabled();
    }

    interface Consumer {
        /** Consumer group of all aggregator replicas; partitions (keyed by userDid) are shared among them. */
        @WithDefault("stats-aggregator")
        String groupId();

        /**
         * Events per batch at most (one transaction). Under a backlog a larger batch coalesces more
         * late merges into each stored row (8,000 vs 2,000: +21 % events/s, docs/benchmarks.md);
         * a consumer that keeps up gets small batches anyway (a poll returns what has arrived).
         */
        @WithDefault("8000")
        int maxPollRecords();

        @WithDefault("500ms")
        Duration pollTimeout();

        /**
         * Transactions one batch is written in at once, each for whole partitions (a user's rows live
         * in one partition, so they never meet): PostgreSQL then works on more than one core. 3 on
         * this 2-core machine: +6 % over 2 in two alternating pairs (decision 0013).
         */
        @WithDefault("3")
        int writers();

        /** Wait before retrying a batch that failed (database or DLQ unavailable). */
        @WithDefault("2s")
        Duration retryBackoff();

        /** A partition whose batches keep failing for longer than this turns readiness DOWN. */
        @WithDefault("2m")
        Duration stallTimeout();

        /** How soon the group notices a crashed instance and moves its partitions. */
        @WithDefault("10s")
        Duration sessionTimeout();

        /** Off in tests that drive the writer directly. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Ingest {
        @WithDefault("1000")
        int maxEvents();

        /** How long an ingest request waits for Kafka to acknowledge its events. */
        @WithDefault("15s")
        Duration ackTimeout();
    }
}
