package io.aigne.usage.system;

import static io.restassured.RestAssured.given;
import static io.aigne.usage.system.AnswerJson.nullableDouble;
import static io.aigne.usage.system.AnswerJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.testkit.AggregatorFleet;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One retention run end to end across the packaged aggregator and query service, on a database of
 * their own (AggregatorFleet; the shared one keeps calls of fixed past dates): calls of the two
 * newest months wholly older than the default 400 days (O−1 and O), calls in between and recent
 * ones, with processing→terminal pairs and duplicates, sent through ingest. Then archive → drop →
 * coverage in the answers → restore → the answers as before, every expected number computed from
 * the events sent (ExpectedCalls, BruteForce), never from the services:
 * <ul>
 * <li>R1, the last 30 days: unchanged and complete throughout;
 * <li>R2, from a UTC midnight in O−1, whole UTC days: the statistics stay as before (day rows are
 * kept forever), the call list holds the kept calls only;
 * <li>R3, from O + 5 d 7 h 13 min: after the run counted from the next UTC midnight on
 * (exactFrom), the partial first day left out, numbers over [exactFrom, end];
 * <li>an hourly trend inside O: every bucket left out; the call list over O: empty, from the raw
 * horizon on.
 * </ul>
 * A restore (newest month first, the older one first is a 409) brings every answer back to what it
 * was, the first partial day of R3 read from the restored calls; a second restore changes nothing.
 * R2 and R3 cannot reach now (a range is at most 366 days long, O−1 and O lie more than 400 days back):
 * they end 366 and 300 days after their start, the later part in months whose calls stay kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionIT {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final List<String> MODELS = List.of("gpt-4o", "claude-3-5-sonnet", "gemini-1.5-flash");

    private final String user = "did:abt:retention-it-" + UUID.randomUUID();
    private final String chat = "did:app:retention-it-chat-" + UUID.randomUUID();
    private final String search = "did:app:retention-it-search-" + UUID.randomUUID();
    /** Calls only in O−1 and O: after the run none of its raw calls is kept, its day rows are. */
    private final String old = "did:app:retention-it-old-" + UUID.randomUUID();
    private final List<String> apps = List.of(chat, search, old);
    private final Random random = new Random(4013);
    private final ExpectedCalls expected = new ExpectedCalls();

    private final long now = Instant.now().getEpochSecond();
    /** The month holding now − 400 days: its calls are kept (not wholly older). */
    private final long monthM = monthStart(now - 400 * DAY);
    private final long monthO = previousMonth(monthM);
    private final long monthO1 = previousMonth(monthO);

    private final Range r1 = new Range("R1", now - 30 * DAY, now);
    private final Range r2 = new Range("R2", monthO1 + 9 * DAY, monthO1 + 9 * DAY + 366 * DAY - 1);
    private final Range r3 = new Range("R3", monthO + 5 * DAY + 7 * HOUR + 13 * 60, monthO + 5 * DAY + 7 * HOUR + 13 * 60 + 300 * DAY);
    /** Inside O, hour buckets; its one whole UTC day is O + 11 d. */
    private final Range hourly = new Range("hourly in O", monthO + 10 * DAY + 3 * HOUR + 20 * 60, monthO + 12 * DAY + 5 * HOUR + 30 * 60);
    private final Range wholeO = new Range("O", monthO, monthM - 1);
    private final Range wholeO1 = new Range("O-1", monthO1, monthO - 1);

    private Path archiveDir;
    private AggregatorFleet fleet;
    private ServiceProcess aggregator;
    private ServiceProcess query;
    private long started;

    /** Answers captured before the run, by range then by endpoint. */
    private final Map<String, Map<String, JsonNode>> before = new LinkedHashMap<>();
    /** Other users' calls per month in this database (none when this test runs alone). */
    private final Map<Long, Long> othersInMonth = new HashMap<>();
    private JsonNode runReport;
    private long runAt;

    record Range(String name, long start, long end) {
    }

    @BeforeAll
    void startAndLoad() throws Exception {
        started = System.nanoTime();
        archiveDir = Files.createDirectories(Path.of("target/retention-it-archive-" + UUID.randomUUID()).toAbsolutePath());
        fleet = new AggregatorFleet();
        aggregator = fleet.start("256m", Map.of("USAGE_ARCHIVE_DIR", archiveDir.toString()));
        Path repo = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
        Map<String, String> env = fleet.env(); // the fleet's database, broker and token checks
        query = ServiceProcess.start(repo, "usage-query-service", "usage-query-service-retention", FreePorts.find(), env,
                Files.createDirectories(Path.of("target/service-logs").toAbsolutePath()), "256m");
        query.awaitReady(Duration.ofSeconds(90)); // assigned first: closed after the tests even when it never gets ready
        log("started");

        List<ObjectNode> events = new ArrayList<>();
        List<String> oldApps = new ArrayList<>(apps);
        oldApps.add(null);
        List<String> keptApps = new ArrayList<>(List.of(chat, search));
        keptApps.add(null);
        calls(events, 70, monthO1, monthO, oldApps);
        calls(events, 90, monthO, monthM, oldApps);
        calls(events, 25, hourly.start() - HOUR, hourly.end() + HOUR, oldApps);
        calls(events, 12, monthO + 5 * DAY, monthO + 6 * DAY, oldApps); // R3's first, partial day
        calls(events, 50, monthM, now - 31 * DAY, keptApps);
        calls(events, 80, now - 30 * DAY + 600, now - 60, keptApps);
        // a call started in the last minute of O−1 and finished in O: it moves to O's partition, O's archive holds it
        ObjectNode across = event(chat, monthO - 30, "processing");
        events.add(across);
        List<ObjectNode> finishing = new ArrayList<>();
        finishing.add(across.deepCopy().put("status", "success").put("callTime", monthO + 30).put("durationMs", 812.5)
                .put("totalUsage", 420).put("credits", "0.0042"));
        for (ObjectNode e : events) {
            if (e.get("status").asText().equals("processing") && e != across && random.nextInt(3) > 0) {
                long t = Math.min(e.get("callTime").asLong() + random.nextInt(300), now - 1);
                finishing.add(e.deepCopy().put("status", random.nextInt(4) == 0 ? "failed" : "success").put("callTime", t)
                        .put("durationMs", 1 + random.nextInt(20_000)).put("totalUsage", random.nextInt(3_000)).put("credits", "0.0123"));
            }
        }
        events.addAll(finishing);
        for (int i = 0; i < 30; i++) {
            events.add(events.get(random.nextInt(events.size())).deepCopy()); // duplicates, some of them late processing events
        }
        ingest(events);
        fleet.awaitCaughtUp(Duration.ofSeconds(90));
        assertThat(storedCalls()).as("calls stored").isEqualTo(expected.all(user).size());
        FleetChecks.admin(aggregator, "/api/admin/stats/flush", Map.of());
        log("loaded " + events.size() + " events, " + expected.all(user).size() + " calls");
    }

    @AfterAll
    void stop() {
        if (query != null) {
            query.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        log("stopped");
    }

    // ---------------------------------------------------------------- phases

    @Test
    @Order(1)
    void beforeTheRunEveryAnswerIsTheBruteForceOverItsWholeRange() throws Exception {
        for (Range r : List.of(r1, r2, r3)) {
            before.put(r.name(), answers(r));
        }
        before.put(hourly.name(), hourlyAnswers());
        before.put(wholeO.name(), callLists(wholeO));
        before.put(wholeO1.name(), callLists(wholeO1));
        // the months exist as partitions, with calls of this test in each
        for (long month : List.of(monthO1, monthO)) {
            assertThat(partitionExists(month)).as("partition of %s", month(month)).isTrue();
            othersInMonth.put(month, othersIn(month));
        }

        for (Range r : List.of(r1, r2, r3)) {
            checkStatistics(before.get(r.name()), r, r.start(), null, "before");
            checkCallLists(before.get(r.name()), r, 0, null, "before");
        }
        checkHourlyBeforeOrRestored(before.get(hourly.name()), null, "before");
        checkCallLists(before.get(wholeO.name()), wholeO, 0, null, "before");
        checkCallLists(before.get(wholeO1.name()), wholeO1, 0, null, "before");
        // the data reaches into every part the later phases look at
        assertThat(BruteForce.sums(expected.all(user), r3.start(), nextMidnight(r3.start()) - 1, c -> true).calls)
                .as("calls in R3's first, partial day").isPositive();
        assertThat(BruteForce.sums(expected.all(user), monthO1, monthO - 1, BruteForce.inProject(old)).calls).isPositive();
        log("checked before the run");
    }

    @Test
    @Order(2)
    void theRunArchivesTheTwoMonthsAndDropsTheirPartitions() throws Exception {
        runAt = Instant.now().getEpochSecond();
        runReport = tree(admin().post("/api/admin/retention/run").then().statusCode(200).extract().asString());
        log("retention run");
        assertThat(runReport.get("ran").booleanValue()).isTrue();
        List<String> archivedMonths = new ArrayList<>();
        runReport.get("archived").forEach(e -> archivedMonths.add(e.get("month").asText()));
        assertThat(archivedMonths).contains(month(monthO1), month(monthO)).doesNotContain(month(monthM));
        assertThat(runReport.get("rawCallsFrom").longValue()).isEqualTo(monthM);

        JsonNode state = retentionState();
        assertThat(state.get("rawCallsFrom").longValue()).isEqualTo(monthM);
        long hourRowsFrom = state.get("hourRowsFrom").longValue();
        assertThat(hourRowsFrom % DAY).isZero();
        assertThat(hourRowsFrom).isBetween(Math.floorDiv(runAt - 400 * DAY, DAY) * DAY,
                Math.floorDiv(Instant.now().getEpochSecond() - 400 * DAY, DAY) * DAY);
        assertThat(state.get("archiveDir").asText()).isEqualTo(archiveDir.toString());

        JsonNode manifest = ModelCallJson.MAPPER.readTree(archiveDir.resolve("manifest.json").toFile());
        for (long month : List.of(monthO1, monthO)) {
            String name = fileName(month);
            Path file = archiveDir.resolve(name);
            assertThat(file).as(name).isRegularFile();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            assertThat(Files.readString(archiveDir.resolve(name + ".sha256"))).isEqualTo(sha + "  " + name + "\n");
            JsonNode entry = null;
            for (JsonNode e : manifest.get("archives")) {
                if (e.get("file").asText().equals(name)) {
                    entry = e;
                }
            }
            assertThat(entry).as("manifest entry of %s", name).isNotNull();
            assertThat(entry.get("sha256").asText()).isEqualTo(sha);
            assertThat(entry.get("month").asText()).isEqualTo(month(month));
            assertThat(entry.get("bytes").longValue()).isEqualTo(Files.size(file));

            List<JsonNode> lines = archivedLines(file);
            Map<String, String> mine = new TreeMap<>();
            lines.stream().filter(e -> e.get("userDid").asText().equals(user)).forEach(e -> mine.put(e.get("id").asText(), describe(e)));
            Map<String, String> want = new TreeMap<>();
            expected.all(user).stream().filter(e -> monthStart(e.get("callTime").asLong()) == month)
                    .forEach(e -> want.put(e.get("id").asText(), describe(e)));
            assertThat(mine).as("this test's calls in %s", name).isNotEmpty().isEqualTo(want);
            // every user in this database is this test's unless other tests' events reached the shared topic first
            assertThat(entry.get("calls").longValue()).as("manifest calls of %s", name)
                    .isEqualTo(lines.size()).isEqualTo(want.size() + othersInMonth.getOrDefault(month, 0L));
            assertThat(partitionExists(month)).as("partition of %s after the run", month(month)).isFalse();
        }
        assertThat(partitionExists(monthM)).isTrue();
        assertThat(storedCalls()).isEqualTo(expected.all(user).stream().filter(e -> e.get("callTime").asLong() >= monthM).count());
    }

    @Test
    @Order(3)
    void afterTheRunAnswersSayWhatTheyCountAndCountItExactly() {
        JsonNode state = retentionState();
        long rawFrom = state.get("rawCallsFrom").longValue();
        long dailyOnly = Math.min(rawFrom, state.get("hourRowsFrom").longValue());
        assertThat(rawFrom).isEqualTo(monthM);

        // R1: unchanged, complete
        Map<String, JsonNode> a1 = answers(r1);
        assertSameAnswers(a1, before.get(r1.name()), dailyOnly, "R1 after the run", k -> true);
        checkStatistics(a1, r1, r1.start(), dailyOnly, "R1 after the run");

        // R2: whole UTC days, the statistics as before; the call list holds the kept calls only
        Map<String, JsonNode> a2 = answers(r2);
        assertSameAnswers(a2, before.get(r2.name()), dailyOnly, "R2 after the run", k -> !k.startsWith("calls "));
        checkStatistics(a2, r2, r2.start(), dailyOnly, "R2 after the run");
        checkCallLists(a2, r2, rawFrom, dailyOnly, "R2 after the run");

        // R3: its first, partial day is gone (no raw calls, no hour rows); counted from the next UTC midnight
        Map<String, JsonNode> a3 = answers(r3);
        checkStatistics(a3, r3, nextMidnight(r3.start()), dailyOnly, "R3 after the run");
        checkCallLists(a3, r3, rawFrom, dailyOnly, "R3 after the run");
        assertThat(a3.get("overview").get("coverage").get("complete").booleanValue()).isFalse();

        // inside O: hour buckets all left out; the overview counts its one whole UTC day
        Map<String, JsonNode> h = hourlyAnswers();
        JsonNode trend = h.get("trends");
        assertThat(trend.get("granularity").asText()).isEqualTo("hour");
        assertThat(trend.get("trends")).as("hour buckets in O").isEmpty();
        assertCoverage(trend.get("coverage"), false, hourly.end() + 1, dailyOnly, "hourly trend in O");
        long wholeDay = monthO + 11 * DAY;
        assertTotals(h.get("overview"), BruteForce.sums(expected.all(user), wholeDay, wholeDay + DAY - 1, c -> true), "overview in O");
        assertCoverage(h.get("overview").get("coverage"), false, hourly.end() + 1, dailyOnly, "overview in O");

        // the call lists over O and O−1: no calls, and they say from when calls are kept
        checkCallLists(callLists(wholeO), wholeO, rawFrom, dailyOnly, "O after the run");
        checkCallLists(callLists(wholeO1), wholeO1, rawFrom, dailyOnly, "O-1 after the run");
        for (String app : apps) {
            assertThat(callLists(wholeO).get("calls " + app).get("count").longValue()).as("calls of %s in O", app).isZero();
        }
        log("checked after the run");
    }

    @Test
    @Order(4)
    void restoringNewestFirstBringsEveryAnswerBack() {
        restore(monthO1, 409); // a hole below the kept calls
        JsonNode newer = restore(monthO, 200);
        assertThat(newer.get("rawCallsFrom").longValue()).isEqualTo(monthO);
        assertThat(newer.get("calls").longValue()).isEqualTo(manifestCalls(monthO));
        JsonNode older = restore(monthO1, 200);
        assertThat(older.get("rawCallsFrom").longValue()).isEqualTo(monthO1);
        assertThat(older.get("calls").longValue()).isEqualTo(manifestCalls(monthO1));

        await("the call lists over O and O-1 hold the brute-force counts").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> restoredCounts().equals(wantCounts()));
        awaitCaughtUp();
        log("restored");
        assertThat(retentionState().get("rawCallsFrom").longValue()).isEqualTo(monthO1);
        assertAnswersAsBefore("after the restore");
    }

    @Test
    @Order(5)
    void aSecondRestoreChangesNothing() throws Exception {
        restore(monthO, 200);
        restore(monthO1, 200);
        // a call sent after the restores, after every range: once it is stored, so is what the restores sent
        long t = Instant.now().getEpochSecond();
        ObjectNode marker = event(chat, t, "success");
        ingest(List.of(marker));
        await("the marker call is listed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> callList(chat, new Range("marker", t, t + 60)).get("count").longValue() == 1);
        awaitCaughtUp();
        assertThat(storedCalls()).as("calls stored").isEqualTo(expected.all(user).size());
        assertThat(storedIds()).as("identities stored").isEqualTo(expected.all(user).size());
        assertAnswersAsBefore("after a second restore");
        log("checked a second restore");
    }

    // ---------------------------------------------------------------- data

    private void calls(List<ObjectNode> into, int n, long from, long to, List<String> appChoices) {
        for (int i = 0; i < n; i++) {
            String app = appChoices.get(random.nextInt(appChoices.size()));
            into.add(event(app, from + (long) (random.nextDouble() * (to - from)), null));
        }
    }

    private ObjectNode event(String app, long callTime, String forcedStatus) {
        int kind = random.nextInt(20);
        String status = forcedStatus != null ? forcedStatus : kind < 2 ? "processing" : kind < 4 ? "failed" : "success";
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "ret-" + UUID.randomUUID());
        e.put("userDid", user);
        e.put("appDid", app);
        e.put("model", MODELS.get(random.nextInt(MODELS.size())));
        e.put("type", "chatCompletion");
        e.put("status", status);
        e.put("durationMs", status.equals("processing") ? 0 : Math.round(Math.exp(7 + random.nextGaussian()) * 10) / 10.0);
        e.put("totalUsage", status.equals("success") ? random.nextInt(5_000) : 0);
        e.put("credits", status.equals("success") ? BigDecimal.valueOf(random.nextInt(100_000_000)).movePointLeft(10) : BigDecimal.ZERO);
        e.put("callTime", callTime);
        if (status.equals("failed")) {
            e.put("errorReason", "upstream 503");
        }
        if (random.nextInt(3) == 0) {
            e.put("requestId", "req-" + random.nextInt(1_000_000));
            e.putObject("metadata").put("k", random.nextInt(100)).put("note", "ü ✓");
            e.putObject("usageMetrics").put("inputTokens", random.nextInt(900)).put("outputTokens", random.nextInt(900));
        }
        return e;
    }

    private void ingest(List<ObjectNode> events) {
        for (int from = 0; from < events.size(); from += 500) {
            List<ObjectNode> batch = events.subList(from, Math.min(events.size(), from + 500));
            ArrayNode body = ModelCallJson.MAPPER.createArrayNode();
            batch.forEach(body::add);
            JsonNode answer = tree(given().baseUri(aggregator.baseUrl()).auth().oauth2(LocalInfra.testTokens().mint("did:gateway",
                    List.of("ingest"))).contentType("application/json").body(body.toString()).post("/api/ingest/model-calls")
                    .then().statusCode(202).extract().asString());
            assertThat(answer.get("rejected")).as("rejected events").isEmpty();
            batch.forEach(expected::sent);
        }
    }

    // ---------------------------------------------------------------- answers

    private Map<String, JsonNode> answers(Range r) {
        Map<String, JsonNode> a = new LinkedHashMap<>();
        a.put("overview", get("/api/usage/overview", r, Map.of()));
        a.put("projects", get("/api/usage/projects", r, Map.of("pageSize", 100)));
        a.put("trends", get("/api/usage/trends", r, Map.of("granularity", "day", "tz", "UTC")));
        for (String app : apps) {
            String base = "/api/usage/projects/" + app;
            a.put("stats " + app, get(base + "/stats", r, Map.of()));
            a.put("trends " + app, get(base + "/trends", r, Map.of("granularity", "day", "tz", "UTC")));
            a.put("models " + app, get(base + "/models", r, Map.of()));
        }
        a.putAll(callLists(r));
        return a;
    }

    private Map<String, JsonNode> hourlyAnswers() {
        Map<String, JsonNode> a = new LinkedHashMap<>();
        a.put("trends", get("/api/usage/trends", hourly, Map.of("granularity", "hour", "tz", "UTC")));
        a.put("overview", get("/api/usage/overview", hourly, Map.of()));
        return a;
    }

    private Map<String, JsonNode> callLists(Range r) {
        Map<String, JsonNode> a = new LinkedHashMap<>();
        for (String app : apps) {
            a.put("calls " + app, callList(app, r));
        }
        return a;
    }

    private JsonNode callList(String app, Range r) {
        return get("/api/usage/projects/" + app + "/calls", r, Map.of("pageSize", 100));
    }

    private JsonNode get(String path, Range r, Map<String, ?> extra) {
        Response response = given().baseUri(query.baseUrl()).auth().oauth2(LocalInfra.testTokens().mint(user, List.of()))
                .queryParam("startTime", r.start()).queryParam("endTime", r.end()).queryParams(extra).get(path);
        assertThat(response.statusCode()).as("%s over %s: %s", path, r, response.asString()).isEqualTo(200);
        return tree(response.asString());
    }

    // ---------------------------------------------------------------- checks against the brute force

    /**
     * Every statistics answer of {@code a} equals the brute force over the calls of
     * {@code [countedFrom, end]}, and its coverage says so.
     */
    private void checkStatistics(Map<String, JsonNode> a, Range r, long countedFrom, Long dailyOnly, String phase) {
        List<ObjectNode> calls = expected.all(user);
        boolean complete = countedFrom == r.start();
        String what = phase + " " + r.name();
        JsonNode overview = a.get("overview");
        assertTotals(overview, BruteForce.sums(calls, countedFrom, r.end(), c -> true), what + " overview");
        assertCoverage(overview.get("coverage"), complete, countedFrom, dailyOnly, what + " overview");

        Map<String, BruteForce.Sums> byApp = new HashMap<>();
        for (String app : apps) {
            BruteForce.Sums s = BruteForce.sums(calls, countedFrom, r.end(), BruteForce.inProject(app));
            if (s.calls > 0) {
                byApp.put(app, s);
            }
        }
        List<String> order = byApp.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, BruteForce.Sums> e) -> e.getValue().calls).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        JsonNode projects = a.get("projects");
        List<String> listed = new ArrayList<>();
        projects.get("projects").forEach(p -> listed.add(p.get("appDid").asText()));
        assertThat(listed).as("%s projects", what).isEqualTo(order);
        assertThat(projects.get("count").longValue()).isEqualTo(order.size());
        for (int i = 0; i < order.size(); i++) {
            JsonNode p = projects.get("projects").get(i);
            assertTotals(p, byApp.get(order.get(i)), what + " project " + order.get(i));
            assertThat(p.get("lastCallTime").longValue()).as("%s lastCallTime of %s", what, order.get(i))
                    .isEqualTo(byApp.get(order.get(i)).maxCallTime);
        }
        assertCoverage(projects.get("coverage"), complete, countedFrom, dailyOnly, what + " projects");

        checkDailyTrend(a.get("trends"), calls, r, countedFrom, c -> true, dailyOnly, what + " trends");
        for (String app : apps) {
            BruteForce.Sums want = BruteForce.sums(calls, countedFrom, r.end(), BruteForce.inProject(app));
            JsonNode stats = a.get("stats " + app);
            assertTotals(stats, want, what + " stats " + app);
            if (want.success == 0) {
                assertThat(nullableDouble(stats, "avgDuration")).isNull();
            } else {
                assertThat(nullableDouble(stats, "avgDuration")).as("%s avgDuration %s", what, app).isCloseTo(want.avgDuration(), within(1e-6));
            }
            assertP95(stats, want, what + " stats " + app);
            assertCoverage(stats.get("coverage"), complete, countedFrom, dailyOnly, what + " stats " + app);
            checkDailyTrend(a.get("trends " + app), calls, r, countedFrom, BruteForce.inProject(app), dailyOnly, what + " trends " + app);
            checkModels(a.get("models " + app), calls, app, r, countedFrom, want, dailyOnly, what + " models " + app);
        }
    }

    private void checkModels(JsonNode answer, List<ObjectNode> calls, String app, Range r, long countedFrom, BruteForce.Sums project,
            Long dailyOnly, String what) {
        Map<String, BruteForce.Sums> byModel = new HashMap<>();
        for (String model : MODELS) {
            BruteForce.Sums s = BruteForce.sums(calls, countedFrom, r.end(),
                    BruteForce.inProject(app).and(c -> c.get("model").asText().equals(model)));
            if (s.calls > 0) {
                byModel.put(model, s);
            }
        }
        List<String> order = byModel.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, BruteForce.Sums> e) -> e.getValue().calls).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        JsonNode models = answer.get("modelDistribution");
        List<String> listed = new ArrayList<>();
        models.forEach(m -> listed.add(m.get("model").asText()));
        assertThat(listed).as("%s order", what).isEqualTo(order);
        double sum = 0;
        for (int i = 0; i < order.size(); i++) {
            BruteForce.Sums s = byModel.get(order.get(i));
            assertThat(models.get(i).get("calls").longValue()).as("%s %s calls", what, order.get(i)).isEqualTo(s.calls);
            assertP95(models.get(i), s, what + " " + order.get(i));
            double pct = models.get(i).get("percentage").doubleValue();
            assertThat(pct).isCloseTo(s.calls * 100.0 / project.calls, within(0.01 + 1e-9));
            sum += pct;
        }
        if (!order.isEmpty()) {
            assertThat(sum).isCloseTo(100.0, within(0.01));
        }
        assertCoverage(answer.get("coverage"), countedFrom == r.start(), countedFrom, dailyOnly, what);
    }

    /** UTC days; a bucket holding a second before countedFrom is left out, the rest is dense. */
    private static void checkDailyTrend(JsonNode trend, List<ObjectNode> calls, Range r, long countedFrom, Predicate<ObjectNode> filter,
            Long dailyOnly, String what) {
        assertThat(trend.get("granularity").asText()).isEqualTo("day");
        checkBuckets(trend, calls, r, countedFrom, true, filter, what);
        assertCoverage(trend.get("coverage"), countedFrom == r.start(), countedFrom, dailyOnly, what);
    }

    private static void checkBuckets(JsonNode trend, List<ObjectNode> calls, Range r, long countedFrom, boolean daily,
            Predicate<ObjectNode> filter, String what) {
        List<Long> starts = BruteForce.bucketStarts(r.start(), r.end(), daily, UTC);
        List<long[]> kept = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long from = Math.max(starts.get(i), r.start());
            long to = i + 1 < starts.size() ? starts.get(i + 1) - 1 : r.end();
            if (from >= countedFrom) {
                kept.add(new long[] {starts.get(i), from, to});
            }
        }
        JsonNode buckets = trend.get("trends");
        List<Long> listed = new ArrayList<>();
        buckets.forEach(b -> listed.add(b.get("timestamp").longValue()));
        assertThat(listed).as("%s buckets", what).isEqualTo(kept.stream().map(k -> k[0]).toList());
        for (int i = 0; i < kept.size(); i++) {
            BruteForce.Sums s = BruteForce.sums(calls, kept.get(i)[1], kept.get(i)[2], filter);
            JsonNode b = buckets.get(i);
            String bucket = what + " bucket " + kept.get(i)[0];
            assertThat(b.get("calls").longValue()).as(bucket).isEqualTo(s.calls);
            assertThat(new BigDecimal(b.get("totalCredits").asText())).as(bucket + " credits").isEqualByComparingTo(s.apiCredits());
            assertThat(b.get("totalTokens").longValue()).as(bucket + " tokens").isEqualTo(s.usage);
            assertThat(nullableDouble(b, "successRate")).as(bucket + " successRate").isEqualTo(s.successRate());
            if (s.success == 0) {
                assertThat(nullableDouble(b, "avgDuration")).isNull();
            } else {
                assertThat(nullableDouble(b, "avgDuration")).as(bucket + " avgDuration").isCloseTo(s.avgDuration(), within(1e-6));
            }
        }
    }

    /** The hourly trend and the overview inside O while every call of it is counted. */
    private void checkHourlyBeforeOrRestored(Map<String, JsonNode> h, Long dailyOnly, String phase) {
        List<ObjectNode> calls = expected.all(user);
        JsonNode trend = h.get("trends");
        assertThat(trend.get("granularity").asText()).isEqualTo("hour");
        checkBuckets(trend, calls, hourly, hourly.start(), false, c -> true, phase + " hourly in O");
        assertCoverage(trend.get("coverage"), true, hourly.start(), dailyOnly, phase + " hourly in O");
        assertTotals(h.get("overview"), BruteForce.sums(calls, hourly.start(), hourly.end(), c -> true), phase + " overview in O");
        assertThat(BruteForce.sums(calls, hourly.start(), hourly.end(), c -> true).calls).isGreaterThan(10);
    }

    /** The call list of each project: the calls from max(start, rawFrom) on (rawFrom 0: nothing removed). */
    private void checkCallLists(Map<String, JsonNode> a, Range r, long rawFrom, Long dailyOnly, String phase) {
        long from = Math.max(r.start(), rawFrom);
        for (String app : apps) {
            List<ObjectNode> want = expected.list(user, app, from, r.end());
            JsonNode list = a.get("calls " + app);
            String what = phase + " " + r.name() + " calls of " + app;
            assertThat(list.get("count").longValue()).as(what).isEqualTo(want.size());
            List<String> ids = new ArrayList<>();
            list.get("list").forEach(c -> ids.add(c.get("id").asText()));
            assertThat(ids).as(what + " first page").isEqualTo(want.stream().limit(100).map(c -> c.get("id").asText()).toList());
            assertCoverage(list.get("coverage"), r.start() >= rawFrom, from, dailyOnly, what);
        }
    }

    /** Every answer of R1, R2, R3, inside O and the call lists over O and O−1 equals the one before the run. */
    private void assertAnswersAsBefore(String phase) {
        long dailyOnly = Math.min(retentionState().get("rawCallsFrom").longValue(), retentionState().get("hourRowsFrom").longValue());
        assertThat(dailyOnly).isEqualTo(monthO1);
        for (Range r : List.of(r1, r2, r3)) {
            Map<String, JsonNode> a = answers(r);
            assertSameAnswers(a, before.get(r.name()), dailyOnly, phase + " " + r.name(), k -> true);
            checkStatistics(a, r, r.start(), dailyOnly, phase);
            checkCallLists(a, r, monthO1, dailyOnly, phase);
        }
        Map<String, JsonNode> h = hourlyAnswers();
        assertSameAnswers(h, before.get(hourly.name()), dailyOnly, phase + " hourly in O", k -> true);
        checkHourlyBeforeOrRestored(h, dailyOnly, phase);
        assertSameAnswers(callLists(wholeO), before.get(wholeO.name()), dailyOnly, phase + " O", k -> true);
        assertSameAnswers(callLists(wholeO1), before.get(wholeO1.name()), dailyOnly, phase + " O-1", k -> true);
    }

    /**
     * The answers equal the ones before the run, but for {@code coverage.dailyOnlyBefore}: null
     * before (nothing removed), the earlier horizon since.
     */
    private static void assertSameAnswers(Map<String, JsonNode> now, Map<String, JsonNode> then, long dailyOnly, String phase,
            Predicate<String> which) {
        assertThat(then).as("answers captured before the run").isNotNull();
        for (Map.Entry<String, JsonNode> e : now.entrySet()) {
            if (!which.test(e.getKey())) {
                continue;
            }
            JsonNode have = e.getValue().deepCopy();
            JsonNode had = then.get(e.getKey()).deepCopy();
            assertThat(dailyOnlyBefore(have)).as("%s %s dailyOnlyBefore", phase, e.getKey()).containsOnly(dailyOnly);
            assertThat(dailyOnlyBefore(had)).as("%s %s dailyOnlyBefore before the run", phase, e.getKey()).containsOnly((Long) null);
            assertThat(have).as("%s: %s as before the run", phase, e.getKey()).isEqualTo(had);
        }
    }

    /** Every coverage.dailyOnlyBefore of the answer, removed from it. */
    private static List<Long> dailyOnlyBefore(JsonNode node) {
        List<Long> found = new ArrayList<>();
        if (node.isObject()) {
            JsonNode coverage = node.get("coverage");
            if (coverage != null && coverage.isObject()) {
                JsonNode d = coverage.get("dailyOnlyBefore");
                found.add(d == null || d.isNull() ? null : d.longValue());
                ((ObjectNode) coverage).remove("dailyOnlyBefore");
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                found.addAll(dailyOnlyBefore(it.next()));
            }
        } else if (node.isArray()) {
            node.forEach(n -> found.addAll(dailyOnlyBefore(n)));
        }
        return found;
    }

    private static void assertCoverage(JsonNode coverage, boolean complete, long exactFrom, Long dailyOnly, String what) {
        assertThat(coverage).as("%s coverage", what).isNotNull();
        assertThat(coverage.get("complete").booleanValue()).as("%s coverage.complete", what).isEqualTo(complete);
        assertThat(coverage.get("exactFrom").longValue()).as("%s coverage.exactFrom", what).isEqualTo(exactFrom);
        JsonNode d = coverage.get("dailyOnlyBefore");
        assertThat(d == null || d.isNull() ? null : d.longValue()).as("%s coverage.dailyOnlyBefore", what).isEqualTo(dailyOnly);
    }

    private static void assertTotals(JsonNode json, BruteForce.Sums want, String what) {
        assertThat(json.get("totalCalls").longValue()).as("%s calls", what).isEqualTo(want.calls);
        assertThat(json.get("totalTokens").longValue()).as("%s tokens", what).isEqualTo(want.usage);
        assertThat(new BigDecimal(json.get("totalCredits").asText())).as("%s credits", what).isEqualByComparingTo(want.apiCredits());
        assertThat(nullableDouble(json, "successRate")).as("%s successRate", what).isEqualTo(want.successRate());
    }

    /** As QueryReferenceIT: null without success calls, the exact nearest rank below 200, else a rank within 0.95 ± 0.01. */
    private static void assertP95(JsonNode json, BruteForce.Sums want, String what) {
        assertThat(json.has("p95Duration")).as("%s has p95Duration", what).isTrue();
        Double p95 = nullableDouble(json, "p95Duration");
        if (want.success == 0) {
            assertThat(p95).as("%s p95 without success calls", what).isNull();
        } else if (want.success < 200) {
            assertThat(p95).as("%s exact p95 of %d", what, want.success).isEqualTo(BruteForce.nearestRankP95(want.durations));
        } else {
            assertThat(p95).as("%s p95", what).isNotNull();
            assertThat(BruteForce.rankOf(want.durations, p95)).as("%s p95 rank of %d", what, want.success).isBetween(0.94, 0.96);
        }
    }

    // ---------------------------------------------------------------- retention calls and the database

    private RequestSpecification admin() {
        return given().baseUri(aggregator.baseUrl()).auth().oauth2(LocalInfra.testTokens().mint("did:ops", List.of("admin")));
    }

    private JsonNode retentionState() {
        return tree(admin().get("/api/admin/retention").then().statusCode(200).extract().asString());
    }

    private JsonNode restore(long month, int status) {
        String body = admin().queryParam("file", fileName(month)).post("/api/admin/retention/restore").then().statusCode(status)
                .extract().asString();
        return tree(body);
    }

    private long manifestCalls(long month) {
        for (JsonNode e : retentionState().get("archives")) {
            if (e.get("month").asText().equals(month(month))) {
                return e.get("calls").longValue();
            }
        }
        throw new AssertionError("no archive of " + month(month));
    }

    private Map<String, Long> restoredCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Range r : List.of(wholeO, wholeO1)) {
            for (String app : apps) {
                counts.put(r.name() + " " + app, callList(app, r).get("count").longValue());
            }
        }
        return counts;
    }

    private Map<String, Long> wantCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Range r : List.of(wholeO, wholeO1)) {
            for (String app : apps) {
                counts.put(r.name() + " " + app, (long) expected.list(user, app, r.start(), r.end()).size());
            }
        }
        return counts;
    }

    private void awaitCaughtUp() {
        try {
            fleet.awaitCaughtUp(Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new AssertionError("the aggregator did not catch up", e);
        }
    }

    private long storedCalls() throws Exception {
        return countForUser("SELECT count(*) FROM model_calls WHERE user_did = ?");
    }

    private long storedIds() throws Exception {
        return countForUser("SELECT count(*) FROM model_call_ids WHERE user_did = ?");
    }

    private long countForUser(String sql) throws Exception {
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long othersIn(long month) throws Exception {
        try (Connection c = fleet.connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM model_calls WHERE user_did <> ? AND call_time >= ? AND call_time < ?")) {
            ps.setString(1, user);
            ps.setLong(2, month);
            ps.setLong(3, nextMonth(month));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private boolean partitionExists(long month) throws Exception {
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "model_calls_" + month(month).replace('-', '_'));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<JsonNode> archivedLines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    lines.add(ModelCallJson.MAPPER.readTree(line));
                }
            }
        }
        return lines;
    }

    /** The final state of a call as an event carries it, comparable between the archive and the events sent. */
    private static String describe(JsonNode e) {
        return e.get("status").asText() + "|" + e.get("callTime").asLong() + "|" + e.get("durationMs").asDouble() + "|"
                + e.get("totalUsage").asLong() + "|" + new BigDecimal(e.get("credits").asText()).stripTrailingZeros().toPlainString()
                + "|" + (e.hasNonNull("appDid") ? e.get("appDid").asText() : "-") + "|" + e.get("model").asText() + "|"
                + e.path("errorReason").asText("-") + "|" + e.path("requestId").asText("-") + "|" + object(e, "metadata") + "|"
                + object(e, "usageMetrics");
    }

    /** A JSON object field with its keys sorted (PostgreSQL's jsonb keeps its own order), "-" when absent. */
    private static String object(JsonNode e, String field) {
        return e.hasNonNull(field) ? new TreeMap<>(ModelCallJson.MAPPER.convertValue(e.get(field), Map.class)).toString() : "-";
    }

    // ---------------------------------------------------------------- time

    private static long monthStart(long t) {
        return Instant.ofEpochSecond(t).atZone(UTC).toLocalDate().withDayOfMonth(1).atStartOfDay(UTC).toEpochSecond();
    }

    private static long previousMonth(long monthStart) {
        return LocalDate.ofEpochDay(monthStart / DAY).minusMonths(1).atStartOfDay(UTC).toEpochSecond();
    }

    private static long nextMonth(long monthStart) {
        return LocalDate.ofEpochDay(monthStart / DAY).plusMonths(1).atStartOfDay(UTC).toEpochSecond();
    }

    private static long nextMidnight(long t) {
        return Math.floorDiv(t, DAY) * DAY + DAY;
    }

    private static String month(long monthStart) {
        return LocalDate.ofEpochDay(monthStart / DAY).toString().substring(0, 7);
    }

    private static String fileName(long monthStart) {
        return "model-calls-" + month(monthStart) + ".ndjson.gz";
    }



    private void log(String what) {
        System.out.printf("RetentionIT: %s after %d s%n", what, (System.nanoTime() - started) / 1_000_000_000);
    }
}
