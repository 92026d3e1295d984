package io.aigne.usage.query.service;

/**
 * The connection pool of the statistics reads (read points, stat rows, live spans, sketches,
 * project profiles): the same database as the default pool, but each statement is prepared on the
 * server at its first execution and planned once per connection, generically
 * ({@code prepareThreshold=1}, {@code plan_cache_mode=force_generic_plan}; application.properties).
 * Planning a statement over the month partitions of model_calls took 0.5–4 ms each time it ran —
 * more than running it for a light user — and PostgreSQL's automatic choice kept custom plans.
 * These statements are written to stay index range scans as generic plans (LATERAL per span,
 * run-time partition pruning); the call list and exports keep the default pool, whose filters and
 * sort orders are planned per request (docs/decisions/0012-generic-plans-for-statistics.md).
 */
public final class StatsDataSource {
    public static final String NAME = "stats";

    private StatsDataSource() {
    }
}
