package io.aigne.usage.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.aggregator.retention.RetentionJob;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention end to end inside the service, on the real broker and PostgreSQL: two months of calls
 * older than the 400 days kept are archived and dropped (hour rows too, day rows stay), a call of
 * an archived month sent again is dead-lettered instead of counted twice, and restoring the
 * archives (newest first) brings back exactly the rows there were — statistics untouched — while
 * a second restore changes nothing. Expected values come from the events sent (ExpectedCalls).
 */
@QuarkusTest
class RetentionTest {
    private static final long DAY = 86_400;

    @Inject
    RetentionJob job;

    @Inject
    MutableClock clock;

    private final Random random = new Random(13);
    private final ExpectedCalls expected = new ExpectedCalls();

    /** Other tests send calls of fixed past dates: leave no horizon or hold behind for them. */
    @AfterEach
    void forgetRetention() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM data_retention");
            s.execute("DELETE FROM archive_restores");
        }
    }

    @Test
    void oldMonthsAreArchivedDroppedAndRestoredExactly() throws Exception {
        String user = TestEvents.uniqueUser();
        LocalDate today = Instant.ofEpochSecond(clock.epochSecond()).atZone(ZoneOffset.UTC).toLocalDate();
        // the two newest months wholly older than the 400 days kept, whatever other tests left in older ones
        LocalDate cutoff = today.minusDays(400);
        long older = monthStart(cutoff.minusMonths(1));
        long oldest = monthStart(cutoff.minusMonths(2));
        long kept = monthStart(today.minusMonths(2));

        List<ObjectNode> events = new ArrayList<>();
        for (long month : List.of(oldest, older, kept)) {
            for (int i = 0; i < 40; i++) {
                events.add(call(user, month + random.nextInt(27 * (int) DAY), i % 6 == 0 ? "failed" : "success"));
            }
        }
        // a call that started as processing on the last second of one month and finished in the next
        ObjectNode started = call(user, older - 1, "processing");
        ObjectNode finished = started.deepCopy().put("status", "success").put("callTime", older + 5);
        events.add(started);
        Ingest.send(events, expected);
        Ingest.send(List.of(finished), expected);
        awaitStored(user);
        Ingest.flush();

        Map<String, String> rowsBefore = rows(user);
        Map<String, String> dayRowsBefore = dayRows(user);
        assertThat(hourRows(user)).isPositive();

        JsonPath report = given().auth().oauth2(Ingest.token("did:ops", "admin")).post("/api/admin/retention/run")
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getBoolean("ran")).isTrue();
        List<String> archivedMonths = report.getList("archived.month");
        assertThat(archivedMonths).contains(month(oldest), month(older));
        assertThat(report.getLong("rawCallsFrom")).isGreaterThan(older);

        // the archives hold exactly the final events of the calls of their month, checksums as recorded
        Path dir = Path.of("target/archive");
        for (long month : List.of(oldest, older)) {
            String name = "model-calls-" + month(month) + ".ndjson.gz";
            Path file = dir.resolve(name);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            assertThat(Files.readString(dir.resolve(name + ".sha256"))).isEqualTo(sha + "  " + name + "\n");
            JsonNode entry = manifestEntry(dir, name);
            assertThat(entry.get("sha256").asText()).isEqualTo(sha);
            Map<String, String> inFile = new TreeMap<>();
            archivedLines(file).stream().filter(e -> e.get("userDid").asText().equals(user))
                    .forEach(e -> inFile.put(e.get("id").asText(), describe(e)));
            Map<String, String> want = new TreeMap<>();
            expected.all(user).stream().filter(e -> monthOf(e.get("callTime").asLong()) == month)
                    .forEach(e -> want.put(e.get("id").asText(), describe(e)));
            assertThat(inFile).isNotEmpty().isEqualTo(want);
        }
        long rawFrom = report.getLong("rawCallsFrom");
        Map<String, String> keptRows = new TreeMap<>(rowsBefore);
        keptRows.keySet().removeIf(id -> callTimeOf(rowsBefore.get(id)) < rawFrom);
        assertThat(keptRows).hasSizeGreaterThanOrEqualTo(40);
        assertThat(rows(user)).isEqualTo(keptRows);
        assertThat(ids(user)).isEqualTo(keptRows.size());
        assertThat(dayRows(user)).isEqualTo(dayRowsBefore);
        assertThat(hourRows(user, report.getLong("hourRowsFrom"))).isZero();

        // a call of an archived month, sent again, cannot be told from a new one: it is refused, not counted
        ObjectNode again = expected.all(user).stream().filter(e -> monthOf(e.get("callTime").asLong()) == oldest).findFirst()
                .orElseThrow().deepCopy();
        ModelCallConsumerTest.produce(user, again.toString());
        List<ConsumerRecord<String, String>> dead = ModelCallConsumerTest.readDeadLetters(user, 1);
        assertThat(ModelCallConsumerTest.reason(dead.get(0))).startsWith("expired:");
        // and ingest says so to the producer right away (once its 10-second view of the horizon is fresh)
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Ingest.send(List.of(again), new ExpectedCalls()).getString("rejected[0].reason"), r -> r != null && r.startsWith("expired:"));

        // restoring the older month first would leave a hole in the kept calls
        restore(oldest, 409);
        restore(older, 200);
        restore(oldest, 200);
        awaitRows(user, rowsBefore);
        assertThat(ids(user)).isEqualTo(rowsBefore.size());
        assertThat(dayRows(user)).isEqualTo(dayRowsBefore);

        // a second restore changes nothing; the held months are not expired again by the next run
        restore(oldest, 200);
        JsonPath second = given().auth().oauth2(Ingest.token("did:ops", "admin")).post("/api/admin/retention/run")
                .then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("archived")).isEmpty();
        assertThat(second.getString("heldMonth")).isEqualTo(month(oldest));
        // a call sent after the restore goes through the same partition: once it is stored, so is the restore
        ObjectNode marker = call(user, kept + DAY, "success");
        Ingest.send(List.of(marker), expected);
        awaitStored(user);
        Map<String, String> withMarker = new TreeMap<>(rowsBefore);
        withMarker.put(marker.get("id").asText(), describe(marker));
        assertThat(rows(user)).isEqualTo(withMarker);
    }

    private ObjectNode call(String user, long callTime, String status) {
        ObjectNode e = TestEvents.call(user, "did:app:r" + random.nextInt(3), status, callTime);
        e.put("durationMs", Math.round(random.nextDouble() * 30_000) / 10.0);
        e.put("totalUsage", "processing".equals(status) ? 0 : random.nextInt(5_000));
        e.put("credits", "success".equals(status) ? BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(10) : BigDecimal.ZERO);
        e.putObject("metadata").put("k", random.nextInt());
        return e;
    }

    private static void restore(long month, int status) {
        given().auth().oauth2(Ingest.token("did:ops", "admin")).queryParam("file", "model-calls-" + month(month) + ".ndjson.gz")
                .post("/api/admin/retention/restore").then().statusCode(status);
    }

    private static long monthStart(LocalDate day) {
        return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    private static long monthOf(long callTime) {
        return monthStart(Instant.ofEpochSecond(callTime).atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static String month(long monthStart) {
        return Instant.ofEpochSecond(monthStart).atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
    }

    /** The fields a stored row and an archived event share, as one comparable string. */
    private static String describe(JsonNode e) {
        return e.get("status").asText() + "|" + e.get("callTime").asLong() + "|" + e.get("durationMs").asDouble() + "|"
                + e.get("totalUsage").asLong() + "|" + new BigDecimal(e.get("credits").asText()).stripTrailingZeros().toPlainString()
                + "|" + e.get("appDid").asText() + "|" + e.get("metadata");
    }

    private static long callTimeOf(String described) {
        return Long.parseLong(described.split("\\|")[1]);
    }

    private static List<JsonNode> archivedLines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(ModelCallJson.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private static JsonNode manifestEntry(Path dir, String name) throws Exception {
        for (JsonNode e : ModelCallJson.MAPPER.readTree(dir.resolve("manifest.json").toFile()).get("archives")) {
            if (e.get("file").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no manifest entry for " + name);
    }

    private void awaitStored(String user) {
        Map<String, String> want = new HashMap<>();
        expected.all(user).forEach(e -> want.put(e.get("id").asText(), e.get("status").asText()));
        ModelCallRows.await(user, r -> {
            Map<String, String> have = new HashMap<>();
            r.forEach(x -> have.put(x.id(), x.status()));
            return have.equals(want);
        });
    }

    private static void awaitRows(String user, Map<String, String> want) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!rows(user).equals(want) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(rows(user)).isEqualTo(want);
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }

    /** Every stored call of the user, read straight from model_calls. */
    private static Map<String, String> rows(String user) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, json_build_object('status', status, 'callTime', call_time, 'durationMs', duration_ms,
                    'totalUsage', total_usage, 'credits', credits::text, 'appDid', app_did, 'metadata', metadata)
                FROM model_calls WHERE user_did = ?""")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), describe(ModelCallJson.MAPPER.readTree(rs.getString(2))));
                }
            }
        }
        return rows;
    }

    private static int ids(String user) throws Exception {
        return count("SELECT count(*) FROM model_call_ids WHERE user_did = ?", user);
    }

    private static int hourRows(String user) throws Exception {
        return count("SELECT count(*) FROM model_call_stats WHERE user_did = ? AND time_type = 'hour'", user);
    }

    private static int hourRows(String user, long before) throws Exception {
        return count("SELECT count(*) FROM model_call_stats WHERE user_did = ? AND time_type = 'hour' AND \"timestamp\" < " + before, user);
    }

    /** Day rows of the user: bucket → stats JSON and version (a restore must not touch them). */
    private static Map<String, String> dayRows(String user) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(app_did, '') || '|' || coalesce(model_id, '') || '|' || "timestamp", stats::text || ' v' || version
                FROM model_call_stats WHERE user_did = ? AND time_type = 'day'""")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }

    private static int count(String sql, String user) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
