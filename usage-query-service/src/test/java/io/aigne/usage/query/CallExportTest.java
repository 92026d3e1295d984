package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aigne.usage.query.rest.UserConcurrencyLimit;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The call export: the same rows as the call list walked over all its pages (filters and sort
 * included), RFC 4180 text with quoting and the formula guard, the download headers, the list's
 * access rules, and 100,000 rows streamed from a cursor.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallExportTest {
    private static final String ALICE = "did:abt:alice-export";
    private static final String BOB = "did:abt:bob-export";
    private static final String APP = "did:app:export-test";
    private static final String BIG_USER = "did:abt:big-export";
    private static final String BIG_APP = "did:app:big";
    private static final int BIG_ROWS = 100_000;
    private static final long FROM = 1_764_200_000L;
    private static final long TO = FROM + 3_600L;
    private static final String[] HEADER = {"id", "callTime", "callTimeIso", "model", "type", "status", "durationMs", "totalUsage",
            "credits", "requestId", "traceId", "errorReason"};
    /** Error reasons a CSV must carry unharmed: separators, quotes, line breaks, and what spreadsheets would run. */
    private static final String[] TRICKY = {"He said \"no\", then\nleft", "=HYPERLINK(\"http://evil\",\"click\")", "+1+1", "-2+3",
            "@SUM(A1)", "\tTabbed", "\rCarriage", "comma, only", "line\r\nbreak", "plain reason", "'already quoted", "a=b"};
    /** Numbers as the answer wrote them: decimals exact, trailing zeros kept ("1.0" stays "1.0"). */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    UserConcurrencyLimit limit;

    @BeforeAll
    void seed() {
        Random random = new Random(45);
        List<SeedCalls.Call> calls = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            String status = SeedCalls.STATUSES[random.nextInt(SeedCalls.STATUSES.length)];
            String id = i == 3 ? "=1+2" : i == 4 ? "-neg" : i == 5 ? "id,with,commas" : "exp-" + String.format("%02d", i);
            String model = i == 6 ? "model \"quoted\", v2" : i == 7 ? "@model" : SeedCalls.MODELS[i % SeedCalls.MODELS.length];
            BigDecimal credits = i % 4 == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(random.nextInt(1_000_000_000)).movePointLeft(10).setScale(10, RoundingMode.UNNECESSARY);
            calls.add(new SeedCalls.Call(ALICE, APP, id, FROM + random.nextInt(30) * 120L, model, i == 8 ? "+type" : "chatCompletion",
                    status, i == 9 ? 1500.0 : Math.round(random.nextDouble() * 5_000_000) / 1000.0, random.nextInt(5000), credits,
                    i < TRICKY.length ? TRICKY[i] : null, i % 3 == 0 ? null : "req-" + i + (i == 10 ? ",x" : ""),
                    i % 5 == 0 ? null : (i == 11 ? "-trace" : "trace-" + i)));
        }
        SeedCalls.insert(calls);
        SeedCalls.insert(SeedCalls.generate(random, BOB, "did:app:bob-only-export", 5, FROM, TO));
        SeedCalls.insert(SeedCalls.generate(random, BOB, APP, 7, FROM, TO));
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, app_did, id, call_time, model, type, status, duration_ms,
                            total_usage, credits, error_reason, request_id)
                        SELECT ?, ?, 'big-' || g, ? + g % 3600, CASE WHEN g % 3 = 0 THEN 'gpt-4o' ELSE 'claude-3-5-sonnet' END,
                            'chatCompletion', CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'success' END, (g % 5000) + 0.5, g % 4000,
                            (g % 1000) / 10000.0, CASE WHEN g % 10 = 0 THEN 'upstream timeout' END, 'req-' || g
                        FROM generate_series(1, ?) g""")) {
            MonthPartitions.ensure(c, FROM, FROM + 3_600);
            ps.setString(1, BIG_USER);
            ps.setString(2, BIG_APP);
            ps.setLong(3, FROM);
            ps.setInt(4, BIG_ROWS);
            ps.executeUpdate();
            c.createStatement().execute("ANALYZE model_calls");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    private static Map<String, List<Object>> params(Object... nameValues) {
        Map<String, List<Object>> params = new LinkedHashMap<>();
        params.put("startTime", List.of(FROM));
        params.put("endTime", List.of(TO));
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent((String) nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return params;
    }

    private static Response export(RequestSpecification spec, String app, Map<String, List<Object>> params) {
        return CallFiltersTest.with(spec, params).get("/api/usage/projects/{app}/calls/export", app);
    }

    /** The list's items for these parameters over all pages of 20, and the count of the first page. */
    private static List<JsonNode> walkList(Map<String, List<Object>> params, long[] count) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        int pages = 0;
        for (int page = 1; ; page++) {
            String body = CallFiltersTest.with(as(ALICE), params).queryParam("page", page).queryParam("pageSize", 20)
                    .get("/api/usage/projects/{app}/calls", APP).then().statusCode(200).extract().asString();
            JsonNode answer = JSON.readTree(body);
            count[0] = answer.get("count").asLong();
            answer.get("list").forEach(items::add);
            pages++;
            if (answer.get("list").size() < 20) {
                assertThat(pages).as("the list needs more than one page here").isGreaterThan(1);
                return items;
            }
        }
    }

    /** What the export's row must hold for one list item: its texts guarded, its numbers as the JSON wrote them. */
    private static List<String> expectedRow(JsonNode item) {
        long callTime = item.get("callTime").asLong();
        String iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochSecond(callTime));
        return List.of(Csv.guarded(item.get("id").asText()), Long.toString(callTime), iso, Csv.guarded(item.get("model").asText()),
                Csv.guarded(item.get("type").asText()), Csv.guarded(item.get("status").asText()), number(item.get("duration")),
                number(item.get("totalUsage")), number(item.get("credits")), Csv.guarded(text(item.get("requestId"))),
                Csv.guarded(text(item.get("traceId"))), Csv.guarded(text(item.get("errorReason"))));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String number(JsonNode node) {
        return node.isIntegralNumber() ? node.asText() : node.decimalValue().toPlainString();
    }

    private void assertExportEqualsList(Map<String, List<Object>> params) throws IOException {
        long[] count = {0};
        List<JsonNode> items = walkList(params, count);
        assertThat(items).hasSize((int) count[0]);
        Response export = export(as(ALICE), APP, params);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.header("X-Total-Count")).isEqualTo(Long.toString(count[0]));
        List<List<String>> rows = Csv.parse(export.asString());
        assertThat(rows.get(0)).containsExactly(HEADER);
        assertThat(rows).hasSize(items.size() + 1);
        for (int i = 0; i < items.size(); i++) {
            assertThat(rows.get(i + 1)).as("row %d of %s", i + 1, params).containsExactlyElementsOf(expectedRow(items.get(i)));
        }
    }

    @Test
    void exportsTheListsRowsInItsOrderOverAllPages() throws IOException {
        assertExportEqualsList(params());
        assertExportEqualsList(params("sort", "duration"));
    }

    @Test
    void exportsWhatTheFiltersSelect() throws IOException {
        assertExportEqualsList(params("model", "gpt-4o", "model", "claude-3-5-sonnet", "charged", "true"));
        assertExportEqualsList(params("status", "success", "sort", "duration"));
        assertExportEqualsList(params("minDuration", "1000", "search", "exp-", "type", "chatCompletion", "model", "gpt-4o",
                "model", "claude-3-5-sonnet", "model", "text-embedding-3-small"));
        // an empty selection is the header alone
        Response none = export(as(ALICE), APP, params("search", "no-such-call"));
        assertThat(none.header("X-Total-Count")).isEqualTo("0");
        assertThat(none.asString()).isEqualTo(String.join(",", HEADER) + "\r\n");
    }

    @Test
    void quotesAndGuardsInTheRawText() {
        String csv = export(as(ALICE), APP, params()).asString();
        assertThat(csv).contains("\"He said \"\"no\"\", then\nleft\"")
                .contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"")
                .contains(",'+1+1\r\n").contains(",'-2+3\r\n").contains(",'@SUM(A1)\r\n").contains(",'\tTabbed\r\n")
                .contains(",\"'\rCarriage\"\r\n").contains(",\"comma, only\"\r\n").contains(",\"line\r\nbreak\"\r\n")
                .contains(",'already quoted\r\n").contains(",a=b\r\n")
                .contains("\r\n'=1+2,").contains("\r\n'-neg,").contains("\r\n\"id,with,commas\",")
                .contains(",\"model \"\"quoted\"\", v2\",").contains(",'@model,").contains(",'+type,")
                .contains(",\"req-10,x\",").contains(",'-trace,")
                .contains(",1500.0,");
    }

    @Test
    void answersAsADownloadWithItsCount() {
        String before = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        Response r = export(as(ALICE), APP, params("status", "failed"));
        String after = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualToIgnoringCase("text/csv; charset=utf-8");
        assertThat(r.header("Content-Disposition")).isIn("attachment; filename=\"calls-did_app_export-test-" + before + ".csv\"",
                "attachment; filename=\"calls-did_app_export-test-" + after + ".csv\"");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        long failed = as(ALICE).queryParams(Map.of("startTime", FROM, "endTime", TO, "status", "failed"))
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(200).extract().jsonPath().getLong("count");
        assertThat(r.header("X-Total-Count")).isEqualTo(Long.toString(failed));
    }

    @Test
    void followsTheListsAccessRules() {
        as(ALICE).get("/api/usage/projects/{app}/calls/export", "did:app:bob-only-export").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        as(ALICE).get("/api/usage/projects/{app}/calls/export", "did:app:nobody").then().statusCode(404);
        as(ALICE).queryParam("userDid", BOB).get("/api/usage/projects/{app}/calls/export", APP).then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/api/usage/projects/{app}/calls/export", APP).then().statusCode(401).contentType("application/problem+json");
        // Bob's calls in the project of the same name are his alone
        Response bobs = export(as("did:abt:operator", "admin").queryParam("userDid", BOB), APP, params());
        assertThat(bobs.statusCode()).isEqualTo(200);
        assertThat(bobs.header("X-Total-Count")).isEqualTo("7");
        assertThat(Csv.parse(bobs.asString())).hasSize(8);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("minDuration", "-1"), Map.of("charged", "maybe"),
                Map.of("sort", "cost"), Map.of("status", "done"), Map.of("timeRange", 0), Map.of("search", "s".repeat(257)))) {
            as(ALICE).queryParams(bad).get("/api/usage/projects/{app}/calls/export", APP).then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    /** The per-user slot an export holds is given back however the export ends, so the user is never locked out. */
    @Test
    void exportsNeverKeepTheCallersSlots() {
        for (int i = 0; i < 3; i++) {
            export(as(ALICE), APP, params()).then().statusCode(200);
            as(ALICE).get("/api/usage/projects/{app}/calls/export", "did:app:nobody").then().statusCode(404);
            as(ALICE).queryParam("minDuration", "x").get("/api/usage/projects/{app}/calls/export", APP).then().statusCode(400);
        }
        as(ALICE).get("/api/usage/projects/{app}/calls", APP).then().statusCode(200);
        export(as(ALICE), APP, params()).then().statusCode(200);
    }

    private HttpResponse<InputStream> bigExport() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String query = "startTime=" + FROM + "&endTime=" + (FROM + 3_600) + "&sort=duration";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/usage/projects/"
                        + URLEncoder.encode(BIG_APP, StandardCharsets.UTF_8) + "/calls/export?" + query))
                .header("Authorization", "Bearer " + LocalInfra.testTokens().mint(BIG_USER, List.of())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * While the rows are written the export holds the caller's slot (and its transaction); a client
     * that goes away mid-download gets both given back.
     */
    @Test
    void holdsTheSlotWhileStreamingAndGivesItBackWhenTheClientLeaves() throws Exception {
        HttpResponse<InputStream> answer = bigExport();
        assertThat(answer.statusCode()).isEqualTo(200);
        // 11 MB take the server about two seconds to write: it is still writing now
        assertThat(limit.inFlight(BIG_USER)).isEqualTo(1);
        try (InputStream in = answer.body()) {
            assertThat(in.readNBytes(10_000)).hasSize(10_000);
        }
        await("the slot is given back").atMost(Duration.ofSeconds(20)).until(() -> limit.inFlight(BIG_USER) == 0);
        await("no transaction is left open").atMost(Duration.ofSeconds(20)).until(() -> openTransactions() == 0);
    }

    private static long openTransactions() throws SQLException {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' OR"
                                + " (state = 'active' AND query LIKE 'SELECT id, call_time%')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void streamsAHundredThousandRows() throws Exception {
        long started = System.nanoTime();
        HttpResponse<InputStream> answer = bigExport();
        assertThat(answer.statusCode()).isEqualTo(200);
        long count = Long.parseLong(answer.headers().firstValue("X-Total-Count").orElseThrow());
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = answer.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("exported %d rows, %d bytes in %d ms%n", count, bytes, millis);
        assertThat(count).isEqualTo(BIG_ROWS);
        assertThat(lines).isEqualTo(count + 1);
    }
}
