package io.aigne.usage.benchmarks;

import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.localstack.TokenMinter;
import io.aigne.usage.testkit.AggregatorFleet;
import io.aigne.usage.testkit.LocalInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads ≥ 10 million calls (200 users; one heavy user with 1.2 M; up to 50 projects; 20 models;
 * 90 days) and measures every statistics endpoint of the packaged query service, p50/p99 over
 * HTTP, for the heavy and a median user over 7/30/90 days — beside the same answer computed the
 * naive way (one SQL aggregate over model_calls), measured in the same run. The service caches
 * parts of answers over settled time (docs/decisions/0010-query-answer-cache.md), so each row
 * shows the repeated answer (cache hits) and a miss: the first answer after the user's stats
 * version moved (bumped before each timed request, as any write of the user's stat rows does).
 * Then trends in zones whose days and hours are not UTC's (Asia/Kolkata +05:30, Asia/Kathmandu
 * +05:45) beside UTC, and the rank error of the P95s the service answered.
 */
public final class QueryBenchmark {
    /** Timed requests per row: 200, so that p99 is not simply the slowest sample (as it was of 40). */
    private static final int ROUNDS = Integer.getInteger("rounds", 200);
    private static final int NAIVE_ROUNDS = Integer.getInteger("naive.rounds", 10);
    private static final int MISS_ROUNDS = Integer.getInteger("miss.rounds", 20);
    /** {@code -Donly=zones}: the same load and warm-up, then only the zones' table (to rerun one table with more rounds). */
    private static final String ONLY = System.getProperty("only", "");
    private static final String QUERY_HEAP = "512m";

    private record Case(String endpoint, String path, String naiveSql) {
    }

    public static void main(String[] args) throws Exception {
        int users = 200;
        int heavyCalls = args.length > 0 ? Integer.parseInt(args[0]) : 1_200_000;
        int medianCalls = args.length > 1 ? Integer.parseInt(args[1]) : 44_300;
        long now = Instant.now().getEpochSecond();
        try (AggregatorFleet fleet = new AggregatorFleet()) {
            fleet.start().close(); // the schema
            long loadStart = System.nanoTime();
            String median;
            long total;
            try (Connection c = fleet.connect()) {
                List<String> all = QueryBenchmarkData.load(c, users, heavyCalls, medianCalls, now);
                median = all.get(users / 2);
                total = count(c, "SELECT count(*) FROM model_calls");
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Path repo = Path.of(System.getProperty("usage.repo.root", ".")).toAbsolutePath();
            ServiceProcess query = ServiceProcess.start(repo, "usage-query-service", FreePorts.find(), Map.of(
                    "USAGE_DB_URL", fleet.jdbcUrl, "USAGE_DB_USER", "postgres", "USAGE_DB_PASSWORD", "postgres",
                    "QUARKUS_OIDC_PUBLIC_KEY", LocalInfra.testTokens().publicKeyBase64(),
                    "QUARKUS_OIDC_TOKEN_ISSUER", TokenMinter.LOCAL_ISSUER,
                    "QUARKUS_OIDC_TOKEN_AUDIENCE", TokenMinter.LOCAL_AUDIENCE), Path.of("target/service-logs").toAbsolutePath(), QUERY_HEAP)
                    .awaitReady(Duration.ofSeconds(90));

            warmUp(fleet, query, now);
            System.out.printf("%n## Query benchmark (%s, %d cores; query service -Xmx%s, %s)%n%n", Instant.now(),
                    Runtime.getRuntime().availableProcessors(), QUERY_HEAP, ServiceProcess.collector("usage-query-service"));
            try (Connection c = fleet.connect()) {
                System.out.printf("%,d calls (heavy user %,d, median user %,d), %,d ModelCallStat rows, loaded in %.0f s%n%n", total,
                        count(c, "SELECT count(*) FROM model_calls WHERE user_did = '" + QueryBenchmarkData.HEAVY + "'"),
                        count(c, "SELECT count(*) FROM model_calls WHERE user_did = '" + median + "'"),
                        count(c, "SELECT count(*) FROM model_call_stats"), loadSeconds);
                if (ONLY.equals("zones")) {
                    zones(c, query, now);
                    query.close();
                    System.exit(0);
                }
                System.out.println("| endpoint | user | days | p50 ms | p99 ms | miss p50 ms | miss p99 ms | naive p50 ms | naive p99 ms"
                        + " | naive / service (p50) | naive / miss (p50) |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
                for (String user : List.of(QueryBenchmarkData.HEAVY, median)) {
                    String app = topProject(c, user);
                    String token = LocalInfra.testTokens().mint(user, List.of());
                    for (int days : new int[] {7, 30, 90}) {
                        long end = now;
                        long start = now - days * 86_400L;
                        for (Case k : cases(app, days, start, end)) {
                            row(c, query, token, user, app, days, start, end, k);
                        }
                    }
                    // the call list at a deep page
                    long deepPage = Math.max(1, count(c, "SELECT count(*) FROM model_calls WHERE user_did = '" + user + "' AND app_did = '"
                            + app + "' AND call_time >= " + (now - 90 * 86_400L)) / 20 / 2);
                    double[] deep = time(ROUNDS, () -> get(query.baseUrl() + "/api/usage/projects/" + app + "/calls?timeRange=90&page="
                            + deepPage, token));
                    System.out.printf("| calls, page %,d | %s | 90 | %.1f | %.1f | – | – | – | – | – | – |%n", deepPage,
                            user.equals(QueryBenchmarkData.HEAVY) ? "heavy" : "median", deep[0], deep[1]);
                }
                zones(c, query, now);
                p95RankErrors(c, query, now);
                again(c, query, now);
            }
            query.close();
        }
        System.exit(0);
    }

    /**
     * Every request of the table {@code warmup.rounds} times before any is timed: a long-running service
     * has compiled its code paths, this one has just started (the first rows used to measure the JIT
     * compiler: the heavy user's 7-day hits ran at 13-15 ms p50 first, 2-4 ms after every other row).
     * Warms the JVM, not the answer cache (each row's repeated answers warm that as before).
     */
    private static void warmUp(AggregatorFleet fleet, ServiceProcess query, long now) throws Exception {
        int rounds = Integer.getInteger("warmup.rounds", 100);
        String user = "did:abt:bench-1"; // a small user: the code paths, not the heavy user's cache entries
        String token = LocalInfra.testTokens().mint(user, List.of());
        String app;
        try (Connection c = fleet.connect()) {
            app = topProject(c, user);
        }
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int days : new int[] {7, 30, 90}) {
                for (Case k : cases(app, days, now - days * 86_400L, now)) {
                    get(query.baseUrl() + k.path(), token);
                }
            }
        }
        System.out.printf("%nwarm-up: %d rounds of every endpoint for a small user in %.0f s%n", rounds, (System.nanoTime() - t0) / 1e9);
        double[] http = time(ROUNDS * 5, () -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(query.baseUrl() + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("health answered " + r.statusCode());
            }
        });
        System.out.printf("HTTP alone (GET /q/health/live: no token, no statement): p50 %.2f ms, p99 %.2f ms%n", http[0], http[1]);
    }

    /** One table row: repeated answers (hits), misses (version bumped before each), the naive query. */
    private static void row(Connection c, ServiceProcess query, String token, String user, String app, int days, long start, long end,
            Case k) throws Exception {
        double[] service = time(ROUNDS, () -> get(query.baseUrl() + k.path(), token));
        double[] miss = k.naiveSql() == null ? null : timeAfter(MISS_ROUNDS, () -> bumpStatsVersion(c, user),
                () -> get(query.baseUrl() + k.path(), token));
        double[] naive = k.naiveSql() == null ? null : time(NAIVE_ROUNDS, () -> naive(c, k.naiveSql(), user, app, start, end));
        System.out.printf("| %s | %s | %d | %.1f | %.1f | %s | %s | %s | %s | %s | %s |%n", k.endpoint(),
                user.equals(QueryBenchmarkData.HEAVY) ? "heavy" : "median", days, service[0], service[1], ms(miss, 0), ms(miss, 1),
                ms(naive, 0), ms(naive, 1), naive == null ? "–" : "%.0f×".formatted(naive[0] / service[0]),
                naive == null ? "–" : "%.1f×".formatted(naive[0] / miss[0]));
    }

    /**
     * The heavy user's 7-day rows measured again after every other row: the first rows of the table run
     * right after the service started (a cold JVM) and right after the load (PostgreSQL still writing it
     * out), so this shows how much of their time was that.
     */
    private static void again(Connection c, ServiceProcess query, long now) throws Exception {
        String user = QueryBenchmarkData.HEAVY;
        String token = LocalInfra.testTokens().mint(user, List.of());
        String app = topProject(c, user);
        long start = now - 7 * 86_400L;
        System.out.printf("%n| again, at the end | user | days | p50 ms | p99 ms | miss p50 ms | miss p99 ms | naive p50 ms | naive p99 ms"
                + " | naive / service (p50) | naive / miss (p50) |%n|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (Case k : cases(app, 7, start, now)) {
            row(c, query, token, user, app, 7, start, now, k);
        }
    }

    private static String ms(double[] t, int i) {
        return t == null ? "–" : "%.1f".formatted(t[i]);
    }

    /** Any write of the user's stat rows does this (the trigger of V9); here nothing else changes. */
    private static void bumpStatsVersion(Connection c, String user) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE user_stats_versions SET version = version + 1 WHERE user_did = ?")) {
            ps.setString(1, user);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no stats version for " + user);
            }
        }
    }

    /**
     * Trends of the heavy user in zones whose days and hours are not UTC's, beside UTC: daily over
     * 30 and 90 days, hourly over 92 days (the longest hourly view: every bucket of a +05:45 zone
     * splits two UTC hours).
     */
    private static void zones(Connection c, ServiceProcess query, long now) throws Exception {
        String user = QueryBenchmarkData.HEAVY;
        String token = LocalInfra.testTokens().mint(user, List.of());
        String app = topProject(c, user);
        System.out.printf("%n| trends, heavy user | zone | days | granularity | p50 ms | p99 ms | miss p50 ms | miss p99 ms | naive p50 ms"
                + " | naive p99 ms | naive / service (p50) | naive / miss (p50) | p50 / UTC's |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String endpoint : List.of("trends", "project trends")) {
            for (String granularity : List.of("day", "hour")) {
                for (int days : granularity.equals("day") ? new int[] {30, 90} : new int[] {92}) {
                    double utc = 0;
                    for (String zone : List.of("UTC", "Asia/Kolkata", "Asia/Kathmandu")) {
                        long start = now - days * 86_400L;
                        String path = (endpoint.equals("trends") ? "/api/usage/trends" : "/api/usage/projects/" + app + "/trends")
                                + "?startTime=" + start + "&endTime=" + now + "&granularity=" + granularity + "&tz=" + zone;
                        String bucket = "date_trunc('" + granularity + "', to_timestamp(call_time) AT TIME ZONE '" + zone + "')";
                        String naiveSql = "SELECT " + bucket + ", count(*), sum(credits), avg(duration_ms) FILTER (WHERE status = 'success')"
                                + " FROM model_calls WHERE user_did = ?" + (endpoint.equals("trends") ? "" : " AND app_did = ?")
                                + " AND call_time BETWEEN ? AND ? AND status <> 'processing' GROUP BY 1";
                        double[] service = time(ROUNDS, () -> get(query.baseUrl() + path, token));
                        double[] miss = timeAfter(MISS_ROUNDS, () -> bumpStatsVersion(c, user), () -> get(query.baseUrl() + path, token));
                        double[] naive = time(NAIVE_ROUNDS, () -> naive(c, naiveSql, user, app, start, now));
                        if (zone.equals("UTC")) {
                            utc = service[0];
                        }
                        System.out.printf("| %s | %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f× | %.1f× | %.2f |%n", endpoint,
                                zone, days, granularity, service[0], service[1], miss[0], miss[1], naive[0], naive[1],
                                naive[0] / service[0], naive[0] / miss[0], service[0] / utc);
                    }
                }
            }
        }
    }

    private static final java.util.regex.Pattern P95 = java.util.regex.Pattern.compile("\"p95Duration\":([0-9.Ee+-]+)");

    /** The rank of each answered project P95 among the exact success latencies of its range (contracts §2: 0.95 ± 0.01). */
    private static void p95RankErrors(Connection c, ServiceProcess query, long now) throws Exception {
        System.out.printf("%n| project stats P95 | user | days | p95Duration | its rank | rank error |%n|---|---|---|---|---|---|%n");
        for (String user : List.of(QueryBenchmarkData.HEAVY, "did:abt:bench-100")) {
            String token = LocalInfra.testTokens().mint(user, List.of());
            String app = topProject(c, user);
            for (int days : new int[] {7, 30, 90}) {
                long start = now - days * 86_400L;
                String body = getBody(query.baseUrl() + "/api/usage/projects/" + app + "/stats?startTime=" + start + "&endTime=" + now, token);
                java.util.regex.Matcher m = P95.matcher(body);
                if (!m.find()) {
                    continue;
                }
                double p95 = Double.parseDouble(m.group(1));
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE duration_ms <= ?)::float8 / count(*)"
                        + " FROM model_calls WHERE user_did = ? AND app_did = ? AND status = 'success' AND call_time BETWEEN ? AND ?")) {
                    ps.setDouble(1, p95);
                    ps.setString(2, user);
                    ps.setString(3, app);
                    ps.setLong(4, start);
                    ps.setLong(5, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        double rank = rs.getDouble(1);
                        System.out.printf("| %s | %s | %d | %.1f | %.4f | %.4f |%n", app, user.equals(QueryBenchmarkData.HEAVY) ? "heavy"
                                : "median", days, p95, rank, Math.abs(rank - 0.95));
                    }
                }
            }
        }
    }

    private static List<Case> cases(String app, int days, long start, long end) {
        String range = "?startTime=" + start + "&endTime=" + end;
        String naiveTotals = "SELECT count(*), sum(total_usage), sum(credits), count(*) FILTER (WHERE status = 'success') FROM model_calls"
                + " WHERE user_did = ? AND call_time BETWEEN ? AND ? AND status <> 'processing'";
        String bucket = days <= 7 ? "call_time / 3600" : "call_time / 86400";
        return List.of(
                new Case("overview", "/api/usage/overview" + range, naiveTotals),
                new Case("projects", "/api/usage/projects" + range, "SELECT app_did, count(*), sum(credits), max(call_time) FROM model_calls"
                        + " WHERE user_did = ? AND call_time BETWEEN ? AND ? AND status <> 'processing' AND app_did IS NOT NULL GROUP BY app_did"),
                new Case("trends", "/api/usage/trends" + range, "SELECT " + bucket + ", count(*), avg(duration_ms) FILTER (WHERE status = 'success')"
                        + " FROM model_calls WHERE user_did = ? AND call_time BETWEEN ? AND ? AND status <> 'processing' GROUP BY 1"),
                new Case("project stats (P95)", "/api/usage/projects/" + app + "/stats" + range,
                        "SELECT count(*), sum(credits), avg(duration_ms) FILTER (WHERE status = 'success'),"
                                + " percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status = 'success')"
                                + " FROM model_calls WHERE user_did = ? AND app_did = ? AND call_time BETWEEN ? AND ? AND status <> 'processing'"),
                new Case("project trends", "/api/usage/projects/" + app + "/trends" + range, "SELECT " + bucket
                        + ", count(*), sum(credits) FROM model_calls WHERE user_did = ? AND app_did = ? AND call_time BETWEEN ? AND ?"
                        + " AND status <> 'processing' GROUP BY 1"),
                new Case("project models", "/api/usage/projects/" + app + "/models" + range, "SELECT model, count(*) FROM model_calls"
                        + " WHERE user_did = ? AND app_did = ? AND call_time BETWEEN ? AND ? AND status <> 'processing' GROUP BY model"),
                new Case("calls, page 1", "/api/usage/projects/" + app + "/calls" + range, null));
    }

    private interface Timed {
        void run() throws Exception;
    }

    /** p50 and p99 in ms after two warm-up runs. */
    private static double[] time(int rounds, Timed call) throws Exception {
        return timeAfter(rounds, () -> { }, call);
    }

    /** p50 and p99 in ms of {@code call} after two warm-up runs, each timed run preceded by {@code before} (not timed). */
    private static double[] timeAfter(int rounds, Timed before, Timed call) throws Exception {
        before.run();
        call.run();
        before.run();
        call.run();
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            before.run();
            long t = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[(int) Math.ceil(0.5 * rounds) - 1], ms[(int) Math.ceil(0.99 * rounds) - 1]};
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void get(String url, String token) throws Exception {
        getBody(url, token);
    }

    private static String getBody(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static void naive(Connection c, String sql, String user, String app, long start, long end) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, user);
            if (sql.contains("app_did = ?")) {
                ps.setString(i++, app);
            }
            ps.setLong(i++, start);
            ps.setLong(i, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(2);
                }
            }
        }
    }

    private static String topProject(Connection c, String user) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT app_did FROM model_calls WHERE user_did = ? AND app_did IS NOT NULL GROUP BY app_did ORDER BY count(*) DESC LIMIT 1")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
