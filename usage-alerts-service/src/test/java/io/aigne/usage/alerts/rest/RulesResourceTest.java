package io.aigne.usage.alerts.rest;

import static io.aigne.usage.alerts.rest.AlertsApi.RULES;
import static io.aigne.usage.alerts.rest.AlertsApi.as;
import static io.aigne.usage.alerts.rest.AlertsApi.count;
import static io.aigne.usage.alerts.rest.AlertsApi.execute;
import static io.aigne.usage.alerts.rest.AlertsApi.insertEpisode;
import static io.aigne.usage.alerts.rest.AlertsApi.insertNotification;
import static io.aigne.usage.alerts.rest.AlertsApi.json;
import static io.aigne.usage.alerts.rest.AlertsApi.newUser;
import static io.aigne.usage.alerts.rest.AlertsApi.plain;
import static io.aigne.usage.alerts.rest.AlertsApi.read;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.testkit.IdentityCases;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The rules API (docs/alerts.md "API"): every kind through create, list, read, replace and delete,
 * the 400s naming their field, the limit of 100, access (another user's rule is not found, an admin
 * acts for a user, tokens without a user are refused) and the state an open episode gives a rule.
 * Episodes written here belong to creditsBelow rules of users without a quota answer, which the
 * service's own evaluation leaves alone.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class RulesResourceTest {
    /** A public address as a literal: accepted without a name lookup. */
    static final String HOOK = "https://93.184.215.14/aigne-hook";
    static final String SECRET = "whsec_[A-Za-z0-9_-]{43}";

    @Inject
    AgroalDataSource db;

    /** What the API answers for a body: the body with every default filled in, fields the kind does not use null. */
    static Map<String, Object> expected(Map<String, Object> body) {
        String kind = (String) body.get("kind");
        boolean windowed = kind.equals("errorRate") || kind.equals("p95Latency");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", body.get("name"));
        e.put("kind", kind);
        e.put("enabled", body.getOrDefault("enabled", true));
        e.put("appDid", body.get("appDid"));
        e.put("modelId", body.get("modelId"));
        e.put("threshold", body.get("threshold"));
        e.put("windowHours", windowed ? body.getOrDefault("windowHours", 1) : null);
        e.put("minCalls", windowed ? body.getOrDefault("minCalls", 20) : null);
        e.put("period", body.get("period"));
        Object notifyAt = null;
        if (kind.equals("budget")) {
            @SuppressWarnings("unchecked")
            List<Integer> given = (List<Integer>) body.getOrDefault("notifyAt", List.of(50, 80, 100));
            notifyAt = new ArrayList<>(new TreeSet<>(given));
        }
        e.put("notifyAt", notifyAt);
        e.put("cooldownMinutes", body.getOrDefault("cooldownMinutes", 10));
        e.put("webhookUrl", body.get("webhookUrl"));
        return e;
    }

    static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** One rule of each kind, with and without optional fields. */
    static List<Map<String, Object>> oneOfEachKind() {
        return List.of(
                body("name", "chatbot errors", "kind", "errorRate", "appDid", "did:app:t-chatbot", "threshold", 5, "windowHours", 3,
                        "minCalls", 50, "cooldownMinutes", 15, "webhookUrl", HOOK),
                body("name", "slow gpt-4o", "kind", "p95Latency", "appDid", "did:app:t-chatbot", "modelId", "openai/gpt-4o",
                        "threshold", 1500.5, "enabled", false),
                body("name", "monthly budget", "kind", "budget", "threshold", 250, "period", "month", "notifyAt", List.of(100, 50, 80, 120)),
                body("name", "out of credits", "kind", "creditsBelow", "threshold", 0, "modelId", null),
                body("name", "few days left", "kind", "daysBelow", "threshold", 3.5, "cooldownMinutes", 0));
    }

    /** Creates the rule and checks the answer against the body; answers the rule as read. */
    JsonNode create(String user, Map<String, Object> body) {
        long before = Instant.now().getEpochSecond();
        Response r = json(as(user), body).post(RULES);
        r.then().statusCode(201).contentType("application/json");
        JsonNode rule = read(r);
        String id = rule.get("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(r.header("Location")).isEqualTo(RULES + "/" + id);
        assertThat(rule.get("webhookSecret").asText()).matches(SECRET);
        assertThat(rule.get("createdAt").asLong()).isBetween(before, Instant.now().getEpochSecond());
        assertThat(rule.get("updatedAt").asLong()).isEqualTo(rule.get("createdAt").asLong());
        assertRule(rule, body, Boolean.FALSE.equals(body.get("enabled")) ? "disabled" : "ok");
        return rule;
    }

    static void assertRule(JsonNode rule, Map<String, Object> body, String state) {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("id", rule.path("id").asText());
        want.putAll(expected(body));
        want.put("webhookSecret", rule.path("webhookSecret").asText());
        want.put("createdAt", rule.path("createdAt").asLong());
        want.put("updatedAt", rule.path("updatedAt").asLong());
        want.put("state", state);
        assertThat(plain(rule)).isEqualTo(plain(want));
    }

    @Test
    void everyKindIsCreatedListedReadReplacedAndDeleted() {
        String user = newUser("crud");
        List<Map<String, Object>> bodies = oneOfEachKind();
        Map<String, JsonNode> created = new LinkedHashMap<>();
        for (Map<String, Object> b : bodies) {
            JsonNode rule = create(user, b);
            created.put(rule.get("id").asText(), rule);
            as(user).get(RULES + "/" + rule.get("id").asText()).then().statusCode(200);
            assertThat(plain(read(as(user).get(RULES + "/" + rule.get("id").asText())))).isEqualTo(plain(rule));
        }
        // the list: every rule as created, oldest first (ties by id)
        JsonNode list = read(as(user).get(RULES).then().statusCode(200).extract().response());
        List<JsonNode> want = new ArrayList<>(created.values());
        want.sort(Comparator.comparingLong((JsonNode n) -> n.get("createdAt").asLong()).thenComparing(n -> n.get("id").asText()));
        assertThat(plain(list)).isEqualTo(plain(Map.of("items", want, "total", want.size())));

        // replace each: new values, the kind's defaults again for what is left out; id, secret and createdAt kept
        List<Map<String, Object>> replacements = List.of(
                body("name", "chatbot errors (strict)", "kind", "errorRate", "appDid", "did:app:t-chatbot", "threshold", 2.25),
                body("name", "slow gpt-4o", "kind", "p95Latency", "appDid", "did:app:t-chatbot", "modelId", "openai/gpt-4o",
                        "threshold", 900, "enabled", true, "windowHours", 24, "minCalls", 1, "webhookUrl", HOOK),
                body("name", "daily budget", "kind", "budget", "threshold", 10.5, "period", "day"),
                body("name", "budget now", "kind", "budget", "threshold", 1, "period", "month", "notifyAt", List.of(1000),
                        "appDid", "did:app:t-agents"),
                body("name", "few days left", "kind", "daysBelow", "threshold", 0, "cooldownMinutes", 1440, "enabled", false));
        int i = 0;
        for (JsonNode before : created.values()) {
            Map<String, Object> b = replacements.get(i++);
            String id = before.get("id").asText();
            Map<String, Object> sent = new LinkedHashMap<>(b);
            // read-only fields sent back as read are ignored
            sent.put("id", UUID.randomUUID().toString());
            sent.put("webhookSecret", "whsec_mine");
            sent.put("createdAt", 1);
            sent.put("state", "firing");
            Response r = json(as(user), sent).put(RULES + "/" + id);
            r.then().statusCode(200);
            JsonNode after = read(r);
            assertThat(after.get("id").asText()).isEqualTo(id);
            assertThat(after.get("webhookSecret").asText()).isEqualTo(before.get("webhookSecret").asText());
            assertThat(after.get("createdAt").asLong()).isEqualTo(before.get("createdAt").asLong());
            assertThat(after.get("updatedAt").asLong()).isGreaterThanOrEqualTo(before.get("createdAt").asLong());
            assertRule(after, b, Boolean.FALSE.equals(b.get("enabled")) ? "disabled" : "ok");
            assertThat(plain(read(as(user).get(RULES + "/" + id)))).isEqualTo(plain(after));
        }

        for (String id : created.keySet()) {
            as(user).delete(RULES + "/" + id).then().statusCode(204);
            as(user).get(RULES + "/" + id).then().statusCode(404).contentType("application/problem+json");
            as(user).delete(RULES + "/" + id).then().statusCode(404);
            json(as(user), replacements.get(0)).put(RULES + "/" + id).then().statusCode(404);
        }
        assertThat(plain(read(as(user).get(RULES)))).isEqualTo(plain(Map.of("items", List.of(), "total", 0)));
        // an id that is no UUID names no rule
        as(user).get(RULES + "/not-a-rule").then().statusCode(404).contentType("application/problem+json");
    }

    record Invalid(String field, Map<String, Object> body) {
    }

    static Invalid invalid(String field, Map<String, Object> base, Consumer<Map<String, Object>> change) {
        Map<String, Object> b = new HashMap<>(base);
        change.accept(b);
        return new Invalid(field, b);
    }

    @Test
    void invalidRulesAreRefusedNamingTheField() {
        String user = newUser("invalid");
        Map<String, Object> errorRate = body("name", "e", "kind", "errorRate", "threshold", 5);
        Map<String, Object> p95 = body("name", "p", "kind", "p95Latency", "threshold", 800);
        Map<String, Object> budget = body("name", "b", "kind", "budget", "threshold", 100, "period", "day");
        Map<String, Object> credits = body("name", "c", "kind", "creditsBelow", "threshold", 10);
        Map<String, Object> days = body("name", "d", "kind", "daysBelow", "threshold", 3);
        List<Invalid> cases = List.of(
                invalid("threshold", errorRate, b -> b.put("threshold", 100.01)),
                invalid("threshold", errorRate, b -> b.put("threshold", -1)),
                invalid("threshold", errorRate, b -> b.remove("threshold")),
                invalid("threshold", errorRate, b -> b.put("threshold", "5")),
                invalid("threshold", errorRate, b -> b.put("threshold", 0.00000000001)),
                invalid("windowHours", errorRate, b -> b.put("windowHours", 0)),
                invalid("windowHours", errorRate, b -> b.put("windowHours", 25)),
                invalid("windowHours", errorRate, b -> b.put("windowHours", 1.5)),
                invalid("minCalls", errorRate, b -> b.put("minCalls", 0)),
                invalid("period", errorRate, b -> b.put("period", "day")),
                invalid("notifyAt", errorRate, b -> b.put("notifyAt", List.of(50))),
                invalid("threshold", p95, b -> b.put("threshold", 0)),
                invalid("minCalls", p95, b -> b.put("minCalls", -3)),
                invalid("threshold", budget, b -> b.put("threshold", 0)),
                invalid("period", budget, b -> b.remove("period")),
                invalid("period", budget, b -> b.put("period", "week")),
                invalid("notifyAt", budget, b -> b.put("notifyAt", List.of())),
                invalid("notifyAt", budget, b -> b.put("notifyAt", List.of(10, 20, 30, 40, 50, 60))),
                invalid("notifyAt", budget, b -> b.put("notifyAt", List.of(50, 50))),
                invalid("notifyAt", budget, b -> b.put("notifyAt", List.of(0))),
                invalid("notifyAt", budget, b -> b.put("notifyAt", List.of(1001))),
                invalid("notifyAt", budget, b -> b.put("notifyAt", 50)),
                invalid("windowHours", budget, b -> b.put("windowHours", 1)),
                invalid("minCalls", budget, b -> b.put("minCalls", 20)),
                invalid("threshold", credits, b -> b.put("threshold", -0.5)),
                invalid("appDid", credits, b -> b.put("appDid", "did:app:x")),
                invalid("windowHours", days, b -> b.put("windowHours", 2)),
                invalid("period", days, b -> b.put("period", "month")),
                invalid("name", errorRate, b -> b.remove("name")),
                invalid("name", errorRate, b -> b.put("name", "")),
                invalid("name", errorRate, b -> b.put("name", "   ")),
                invalid("name", errorRate, b -> b.put("name", "n".repeat(101))),
                invalid("kind", errorRate, b -> b.remove("kind")),
                invalid("kind", errorRate, b -> b.put("kind", "errorrate")),
                invalid("enabled", errorRate, b -> b.put("enabled", "yes")),
                invalid("modelId", errorRate, b -> b.put("modelId", "gpt-4o")),
                invalid("appDid", errorRate, b -> b.put("appDid", "a".repeat(257))),
                invalid("appDid", errorRate, b -> b.put("appDid", "")),
                invalid("appDid", errorRate, b -> b.put("appDid", "did:app:\u0000")),
                invalid("modelId", errorRate, b -> {
                    b.put("appDid", "did:app:x");
                    b.put("modelId", "m".repeat(257));
                }),
                invalid("cooldownMinutes", errorRate, b -> b.put("cooldownMinutes", 1441)),
                invalid("cooldownMinutes", errorRate, b -> b.put("cooldownMinutes", -1)),
                invalid("webhookUrl", errorRate, b -> b.put("webhookUrl", "ftp://93.184.215.14/x")),
                invalid("webhookUrl", errorRate, b -> b.put("webhookUrl", "http://169.254.169.254/latest/meta-data")),
                invalid("webhookUrl", errorRate, b -> b.put("webhookUrl", "https://10.1.2.3/hook")),
                invalid("webhookUrl", errorRate, b -> b.put("webhookUrl", "https://[fe80::1]/hook")),
                invalid("webhookUrl", errorRate, b -> b.put("webhookUrl", 42)),
                invalid("treshold", errorRate, b -> b.put("treshold", 5)),
                invalid("userDid", errorRate, b -> b.put("userDid", "did:abt:someone-else")));
        for (Invalid c : cases) {
            json(as(user), c.body()).post(RULES).then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("detail", startsWith(c.field() + " "));
        }
        // the same checks on replace
        String id = create(user, errorRate).get("id").asText();
        for (Invalid c : cases) {
            json(as(user), c.body()).put(RULES + "/" + id).then().statusCode(400).contentType("application/problem+json")
                    .body("detail", startsWith(c.field() + " "));
        }
        for (String notARule : List.of("", "[]", "5", "{\"name\":", "{\"name\":\"a\",\"name\":\"b\",\"kind\":\"errorRate\",\"threshold\":1}")) {
            json(as(user), notARule).post(RULES).then().statusCode(400).contentType("application/problem+json");
        }
        // nothing was stored but the one valid rule
        assertThat(read(as(user).get(RULES)).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aUserHasAtMostAHundredRules() {
        String user = newUser("limit");
        String first = null;
        for (int i = 0; i < 100; i++) {
            String id = read(json(as(user), body("name", "rule " + i, "kind", "creditsBelow", "threshold", i)).post(RULES)
                    .then().statusCode(201).extract().response()).get("id").asText();
            first = first == null ? id : first;
        }
        json(as(user), body("name", "one too many", "kind", "daysBelow", "threshold", 1)).post(RULES).then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        assertThat(read(as(user).get(RULES)).get("total").asInt()).isEqualTo(100);
        // another user is not limited by this one's rules
        json(as(newUser("limit-other")), body("name", "mine", "kind", "daysBelow", "threshold", 1)).post(RULES).then().statusCode(201);
        as(user).delete(RULES + "/" + first).then().statusCode(204);
        json(as(user), body("name", "room again", "kind", "daysBelow", "threshold", 1)).post(RULES).then().statusCode(201);
    }

    @Test
    void anotherUsersRuleIsNotFoundAndAnAdminActsForAUser() throws Exception {
        String alice = newUser("alice");
        String bob = newUser("bob");
        String admin = newUser("admin");
        Map<String, Object> b = body("name", "alice's", "kind", "creditsBelow", "threshold", 5);
        JsonNode rule = create(alice, b);
        String path = RULES + "/" + rule.get("id").asText();

        as(bob).get(path).then().statusCode(404).contentType("application/problem+json");
        json(as(bob), b).put(path).then().statusCode(404);
        as(bob).delete(path).then().statusCode(404);
        as(bob).get(path + "/deliveries").then().statusCode(404);
        assertThat(read(as(bob).get(RULES)).get("total").asInt()).isZero();
        // only an admin may name another user
        as(bob).queryParam("userDid", alice).get(RULES).then().statusCode(403).contentType("application/problem+json");
        as(bob).queryParam("userDid", alice).get(path).then().statusCode(403);
        // an admin's own rules do not include alice's; for alice, they do
        as(admin, "admin").get(path).then().statusCode(404);
        assertThat(plain(read(as(admin, "admin").queryParam("userDid", alice).get(path)))).isEqualTo(plain(rule));
        assertThat(plain(read(as(admin, "admin").queryParam("userDid", alice).get(RULES))))
                .isEqualTo(plain(Map.of("items", List.of(rule), "total", 1)));
        // an admin creates, replaces and deletes for alice
        Map<String, Object> forAlice = body("name", "set by support", "kind", "budget", "threshold", 30, "period", "day");
        Response r = json(as(admin, "admin").queryParam("userDid", alice), forAlice).post(RULES);
        r.then().statusCode(201);
        JsonNode made = read(r);
        assertRule(made, forAlice, "ok");
        assertThat(read(as(alice).get(RULES)).get("total").asInt()).isEqualTo(2);
        assertThat(read(as(admin, "admin").get(RULES)).get("total").asInt()).isZero();
        assertThat(count(db, "SELECT count(*) FROM alert_rules WHERE id = ? AND user_did = ?", UUID.fromString(made.get("id").asText()),
                alice)).isEqualTo(1);
        Map<String, Object> changed = body("name", "set by support", "kind", "budget", "threshold", 40, "period", "month");
        assertRule(read(json(as(admin, "admin").queryParam("userDid", alice), changed).put(RULES + "/" + made.get("id").asText())
                .then().statusCode(200).extract().response()), changed, "ok");
        as(admin, "admin").queryParam("userDid", alice).delete(RULES + "/" + made.get("id").asText()).then().statusCode(204);
        assertThat(read(as(alice).get(RULES)).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void withoutAUserThereIsNoAnswer() throws Exception {
        given().get(RULES).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        given().contentType("application/json").body("{}").post(RULES).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-token").get(RULES).then().statusCode(401).contentType("application/problem+json");
        JsonNode doc = AlertsApi.JSON.readTree(given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString());
        List<IdentityCases.Operation> ops = IdentityCases.securedOperations(doc);
        assertThat(ops.stream().map(IdentityCases.Operation::toString)).contains("GET " + RULES, "POST " + RULES,
                "GET " + AlertsApi.EPISODES, "GET " + AlertsApi.NOTIFICATIONS, "POST " + AlertsApi.NOTIFICATIONS + "/read-all");
        for (List<String> roles : IdentityCases.ROLE_SETS) {
            String token = IdentityCases.tokenWithoutSub(roles);
            for (IdentityCases.Operation op : ops) {
                // a JSON body, so the request reaches authentication (a body of another type is a 415 first)
                given().auth().oauth2(token).contentType("application/json").body("{}").request(op.method(), op.path())
                        .then().statusCode(401).contentType("application/problem+json");
            }
        }
    }

    @Test
    void aRuleIsFiringWhileAnEpisodeIsOpen() throws Exception {
        String user = newUser("state");
        Map<String, Object> b = body("name", "credits", "kind", "creditsBelow", "threshold", 5);
        JsonNode rule = create(user, b);
        UUID id = UUID.fromString(rule.get("id").asText());
        String path = RULES + "/" + id;
        long now = Instant.now().getEpochSecond();
        insertEpisode(db, user, id, "", now - 3600, "4", now - 3000, "6"); // resolved: still ok
        assertRule(read(as(user).get(path)), b, "ok");

        long open = insertEpisode(db, user, id, "", now - 60, "2.5", null, null);
        assertRule(read(as(user).get(path)), b, "firing");
        assertThat(read(as(user).get(RULES)).get("items").get(0).get("state").asText()).isEqualTo("firing");

        execute(db, "UPDATE alert_episodes SET resolved_at = ?, close_value = 7 WHERE id = ?", now, open);
        assertRule(read(as(user).get(path)), b, "ok");

        insertEpisode(db, user, id, "", now, "1", null, null);
        Map<String, Object> disabled = new LinkedHashMap<>(b);
        disabled.put("enabled", false);
        assertRule(read(json(as(user), disabled).put(path).then().statusCode(200).extract().response()), disabled, "disabled");
        assertRule(read(as(user).get(path)), disabled, "disabled");
    }

    @Test
    void deletingARuleEndsItsEpisodesSilentlyAndKeepsItsNotifications() throws Exception {
        String user = newUser("delete");
        JsonNode rule = create(user, body("name", "credits", "kind", "creditsBelow", "threshold", 5));
        UUID id = UUID.fromString(rule.get("id").asText());
        long now = Instant.now().getEpochSecond();
        long episode = insertEpisode(db, user, id, "", now - 60, "2", null, null);
        long notification = insertNotification(db, user, id, episode, "opened", now - 60,
                "{\"ruleName\":\"credits\",\"kind\":\"creditsBelow\",\"value\":2,\"threshold\":5,\"message\":\"2 credits left\"}", null);
        long notificationsBefore = count(db, "SELECT count(*) FROM alert_notifications WHERE user_did = ?", user);

        as(user).delete(RULES + "/" + id).then().statusCode(204);

        assertThat(count(db, "SELECT count(*) FROM alert_episodes WHERE rule_id = ?", id)).isZero();
        // no notification of the end
        assertThat(count(db, "SELECT count(*) FROM alert_notifications WHERE user_did = ?", user)).isEqualTo(notificationsBefore);
        JsonNode page = read(as(user).get(AlertsApi.NOTIFICATIONS));
        assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(notification);
        assertThat(page.get("items").get(0).get("ruleId").isNull()).isTrue();
        assertThat(page.get("items").get(0).get("ruleName").asText()).isEqualTo("credits");
        assertThat(read(as(user).get(AlertsApi.EPISODES)).get("total").asLong()).isZero();
    }

    @Test
    void theDeliveryLogOfARule() throws Exception {
        String user = newUser("deliveries");
        JsonNode rule = create(user, body("name", "credits", "kind", "creditsBelow", "threshold", 5, "webhookUrl", HOOK));
        UUID id = UUID.fromString(rule.get("id").asText());
        String path = RULES + "/" + id + "/deliveries";
        assertThat(plain(read(as(user).get(path).then().statusCode(200).extract().response())))
                .isEqualTo(plain(Map.of("items", List.of(), "total", 0, "page", 1, "pageSize", 20)));

        long now = Instant.now().getEpochSecond();
        long episode = insertEpisode(db, user, id, "", now - 120, "2", null, null);
        long notification = insertNotification(db, user, id, episode, "opened", now - 120, "{\"ruleName\":\"credits\"}", now);
        UUID delivery = UUID.randomUUID();
        execute(db, """
                INSERT INTO alert_deliveries (id, notification_id, rule_id, user_did, url, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'delivered', 2, ?, ?)""", delivery, notification, id, user, HOOK, now - 100, now - 120);
        execute(db, "INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, status, error, duration_ms) VALUES (?, 1, ?, 503, 'HTTP 503', 120)",
                delivery, now - 120);
        execute(db, "INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, status, error, duration_ms) VALUES (?, 2, ?, 200, NULL, 84)",
                delivery, now - 100);

        Map<String, Object> attempt2 = new LinkedHashMap<>();
        attempt2.put("attempt", 2);
        attempt2.put("at", now - 100);
        attempt2.put("status", 200);
        attempt2.put("error", null);
        attempt2.put("durationMs", 84);
        Map<String, Object> attempt1 = Map.of("attempt", 1, "at", now - 120, "status", 503, "error", "HTTP 503", "durationMs", 120);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", delivery.toString());
        d.put("notificationId", notification);
        d.put("episodeId", episode);
        d.put("event", "opened");
        d.put("url", HOOK);
        d.put("state", "delivered");
        d.put("nextAttemptAt", null);
        d.put("createdAt", now - 120);
        d.put("attempts", List.of(attempt2, attempt1));
        assertThat(plain(read(as(user).get(path).then().statusCode(200).extract().response())))
                .isEqualTo(plain(Map.of("items", List.of(d), "total", 1, "page", 1, "pageSize", 20)));
        assertThat(plain(read(as(user).queryParam("page", 2).queryParam("pageSize", 1).get(path))))
                .isEqualTo(plain(Map.of("items", List.of(), "total", 1, "page", 2, "pageSize", 1)));
        as(user).queryParam("pageSize", 101).get(path).then().statusCode(400).contentType("application/problem+json");
    }
}
