package io.aigne.usage.benchmarks;

import java.util.Map;

/**
 * The capacity model of docs/decisions/0008-citus-path.md, from the bytes the storage benchmark
 * measured. Every assumption is a system property with its default printed above the table.
 */
final class Projection {
    private static final double DAYS_PER_MONTH = 365.25 / 12;
    private static final int RETENTION_DAYS = Integer.getInteger("retention.days", 400);
    /** AIGNE Hub's reporter sends a call as processing when it starts and again when it ends (docs/aigne-hub.md). */
    private static final int EVENTS_PER_CALL = Integer.getInteger("events.per.call", 2);
    private static final double PEAK_FACTOR = Double.parseDouble(System.getProperty("peak.factor", "3"));
    /** docs/benchmarks.md: sustained end to end, one aggregator, PostgreSQL on the same 2 cores. */
    private static final int EVENTS_PER_REPLICA = Integer.getInteger("replica.events.per.second", 9_439);
    private static final double WORKER_TB = Double.parseDouble(System.getProperty("worker.data.tb", "1"));
    private static final int SHARD_COUNT = Integer.getInteger("shard.count", 32);
    private static final int DAY_ROW_YEARS = Integer.getInteger("day.row.years", 3);

    /** Bytes per call as measured, per kind of data. */
    record Measured(double rawPerCall, double idsPerCall, double hourStatsPerCall, double dayStatsPerCall) {
        static Measured of(int calls, StorageData.Loaded loaded, Map<String, StorageBenchmark.Size> sizes) {
            StorageBenchmark.Size stats = sizes.get("model_call_stats");
            long statRows = loaded.hourRows() + loaded.dayRows();
            double perRow = stats == null || statRows == 0 ? 0 : stats.total() / (double) statRows;
            StorageBenchmark.Size ids = sizes.get("model_call_ids");
            return new Measured(sizes.get("model_calls").total() / (double) calls, ids == null ? 0 : ids.total() / (double) calls,
                    loaded.hourRows() * perRow / calls, loaded.dayRows() * perRow / calls);
        }
    }

    private Projection() {
    }

    static void print(Measured m) {
        double retainedMonths = RETENTION_DAYS / DAYS_PER_MONTH;
        // a window of N days touches floor(N / month) + 2 calendar months; the job keeps one more ahead
        int partitions = (int) Math.floor(retainedMonths) + 2 + 1;
        System.out.printf("%nMeasured bytes per call: raw row + indexes %.0f, identity (model_call_ids) %.0f, hour stat rows %.0f,"
                + " day stat rows %.0f (a month's day rows per call of that month).%n", m.rawPerCall(), m.idsPerCall(),
                m.hourStatsPerCall(), m.dayStatsPerCall());
        System.out.printf("Assumptions: raw calls and hour rows kept %d days (%.1f months), day rows kept (shown after %d years),"
                + " %d events per call, peak = %.0f x the month's average rate, %,d events/s per aggregator replica,"
                + " <= %.1f TB of data per Citus worker, %d shards per distributed table, monthly partitions.%n%n",
                RETENTION_DAYS, retainedMonths, DAY_ROW_YEARS, EVENTS_PER_CALL, PEAK_FACTOR, EVENTS_PER_REPLICA, WORKER_TB, SHARD_COUNT);
        System.out.println("| calls / month | raw calls kept | raw + identity | hour rows | day rows | total | one month partition"
                + " | partitions (shards on Citus) | peak events/s | aggregator replicas | Kafka partitions | database nodes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (long perMonth : new long[] {10_000_000L, 100_000_000L, 1_000_000_000L}) {
            double kept = perMonth * retainedMonths;
            double raw = kept * (m.rawPerCall() + m.idsPerCall());
            double hours = kept * m.hourStatsPerCall();
            double days = perMonth * 12.0 * DAY_ROW_YEARS * m.dayStatsPerCall();
            double total = raw + hours + days;
            double peak = perMonth / (DAYS_PER_MONTH * 86_400) * EVENTS_PER_CALL * PEAK_FACTOR;
            int replicas = Math.max(1, (int) Math.ceil(peak / EVENTS_PER_REPLICA));
            // room to double the replicas without repartitioning (keys move when partitions are added); 6 today
            int kafka = Math.max(6, (int) Math.ceil(2.0 * replicas / 6) * 6);
            int workers = (int) Math.ceil(total / (WORKER_TB * 1e12));
            String nodes = workers <= 1 ? "1 PostgreSQL" : "Citus: coordinator + " + workers + " workers";
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %d (%,d) | %,.0f | %d (+1 spare) | %d | %s |%n", count(perMonth),
                    count((long) kept), bytes(raw), bytes(hours), bytes(days), bytes(total), bytes(perMonth * m.rawPerCall()),
                    partitions, partitions * SHARD_COUNT, peak, replicas, kafka, nodes);
        }
    }

    private static String count(long n) {
        return n >= 1_000_000_000L ? "%.1f B".formatted(n / 1e9) : "%.0f M".formatted(n / 1e6);
    }

    private static String bytes(double b) {
        return b >= 1e12 ? "%.1f TB".formatted(b / 1e12) : b >= 1e9 ? "%.0f GB".formatted(b / 1e9) : "%.0f MB".formatted(b / 1e6);
    }
}
