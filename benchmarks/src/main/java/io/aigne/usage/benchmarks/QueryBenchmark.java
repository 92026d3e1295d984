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
 * naive way (one SQL aggregate over model_calls), measured in the same run.
 */
public final class QueryBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 40);
    private static final int NAIVE_ROUNDS = Integer.getInteger("naive.rounds", 10);

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
                    "QUARKUS_OIDC_TOKEN_AUDIENCE", TokenMinter.LOCAL_AUDIENCE), Path.of("target/service-logs").toAbsolutePath(), "512m")
                    .awaitReady(Duration.ofSeconds(90));

            System.out.printf("%n## Query benchmark (%s, %d cores)%n%n", Instant.now(), Runtime.getRuntime().availableProcessors());
            try (Connection c = fleet.connect()) {
                System.out.printf("%,d calls (heavy user %,d, median user %,d), %,d ModelCallStat rows, loaded in %.0f s%n%n", total,
                        count(c, "SELECT count(*) FROM model_calls WHERE user_did = '" + QueryBenchmarkData.HEAVY + "'"),
                        count(c, "SELECT count(*) FROM model_calls WHERE user_did = '" + median + "'"),
                        count(c, "SELECT count(*) FROM model_call_stats"), loadSeconds);
                System.out.println("| endpoint | user | days | p50 ms | p99 ms | naive p50 ms | naive p99 ms | naive / service (p50) |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                for (String user : List.of(QueryBenchmarkData.HEAVY, median)) {
                    String app = topProject(c, user);
                    String token = LocalInfra.testTokens().mint(user, List.of());
                    for (int days : new int[] {7, 30, 90}) {
                        long end = now;
                        long start = now - days * 86_400L;
                        for (Case k : cases(app, days, start, end)) {
                            double[] service = time(ROUNDS, () -> get(query.baseUrl() + k.path(), token));
                            double[] naive = k.naiveSql() == null ? null : time(NAIVE_ROUNDS, () -> naive(c, k.naiveSql(), user, app, start, end));
                            System.out.printf("| %s | %s | %d | %.1f | %.1f | %s | %s | %s |%n", k.endpoint(),
                                    user.equals(QueryBenchmarkData.HEAVY) ? "heavy" : "median", days, service[0], service[1],
                                    naive == null ? "–" : "%.1f".formatted(naive[0]), naive == null ? "–" : "%.1f".formatted(naive[1]),
                                    naive == null ? "–" : "%.0f×".formatted(naive[0] / service[0]));
                        }
                    }
                    // the call list at a deep page
                    long deepPage = Math.max(1, count(c, "SELECT count(*) FROM model_calls WHERE user_did = '" + user + "' AND app_did = '"
                            + app + "' AND call_time >= " + (now - 90 * 86_400L)) / 20 / 2);
                    double[] deep = time(ROUNDS, () -> get(query.baseUrl() + "/api/usage/projects/" + app + "/calls?timeRange=90&page="
                            + deepPage, token));
                    System.out.printf("| calls, page %,d | %s | 90 | %.1f | %.1f | – | – | – |%n", deepPage,
                            user.equals(QueryBenchmarkData.HEAVY) ? "heavy" : "median", deep[0], deep[1]);
                }
            }
            query.close();
        }
        System.exit(0);
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
        call.run();
        call.run();
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[(int) Math.ceil(0.5 * rounds) - 1], ms[(int) Math.ceil(0.99 * rounds) - 1]};
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void get(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
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
