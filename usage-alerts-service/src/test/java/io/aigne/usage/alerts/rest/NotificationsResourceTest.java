package io.aigne.usage.alerts.rest;

import static io.aigne.usage.alerts.rest.AlertsApi.EPISODES;
import static io.aigne.usage.alerts.rest.AlertsApi.NOTIFICATIONS;
import static io.aigne.usage.alerts.rest.AlertsApi.RULES;
import static io.aigne.usage.alerts.rest.AlertsApi.as;
import static io.aigne.usage.alerts.rest.AlertsApi.insertEpisode;
import static io.aigne.usage.alerts.rest.AlertsApi.insertNotification;
import static io.aigne.usage.alerts.rest.AlertsApi.json;
import static io.aigne.usage.alerts.rest.AlertsApi.newUser;
import static io.aigne.usage.alerts.rest.AlertsApi.plain;
import static io.aigne.usage.alerts.rest.AlertsApi.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Notifications (the bell) and episodes as the API lists them, from rows written here by SQL: the
 * unread count, paging, marking read, another user's notification, the episodes' state filter.
 * The rules are creditsBelow rules of users without a quota answer, which the service's own
 * evaluation leaves alone.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class NotificationsResourceTest {
    @Inject
    AgroalDataSource db;

    /** A notification as inserted, and as the API must answer it. */
    record Inserted(long id, Map<String, Object> answer) {
    }

    UUID rule(String user, String name) {
        return UUID.fromString(read(json(as(user), Map.of("name", name, "kind", "creditsBelow", "threshold", 5)).post(RULES)
                .then().statusCode(201).extract().response()).get("id").asText());
    }

    /** Inserts an opened or resolved notification of a new episode; answers what the API must show. */
    Inserted notification(String user, UUID rule, String ruleName, String event, long at, String value, Integer notifyAt, Long readAt)
            throws Exception {
        // resolved, whatever the event: a rule has one open episode at most
        long episode = insertEpisode(db, user, rule, "", at, value, at, value);
        String message = ruleName + ": " + value + " credits left";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ruleId", rule.toString());
        body.put("ruleName", ruleName);
        body.put("kind", "creditsBelow");
        body.put("event", event);
        body.put("value", new java.math.BigDecimal(value));
        body.put("threshold", 5);
        if (notifyAt != null) {
            body.put("notifyAt", notifyAt);
        }
        body.put("appDid", null);
        body.put("modelId", null);
        body.put("message", message);
        body.put("userDid", user);
        body.put("episodeId", episode);
        long id = insertNotification(db, user, rule, episode, event, at, AlertsApi.JSON.writeValueAsString(body), readAt);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("ruleId", rule.toString());
        answer.put("ruleName", ruleName);
        answer.put("kind", "creditsBelow");
        answer.put("event", event);
        answer.put("at", at);
        answer.put("read", readAt != null);
        answer.put("episodeId", episode);
        answer.put("value", new java.math.BigDecimal(value));
        answer.put("threshold", 5);
        answer.put("notifyAt", notifyAt);
        answer.put("appDid", null);
        answer.put("modelId", null);
        answer.put("message", message);
        return new Inserted(id, answer);
    }

    static Map<String, Object> page(long unread, long total, int page, int pageSize, List<Map<String, Object>> items) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("unread", unread);
        p.put("total", total);
        p.put("page", page);
        p.put("pageSize", pageSize);
        p.put("items", items);
        return p;
    }

    @Test
    void notificationsAreListedNewestFirstWithTheUnreadCountAndMarkedRead() throws Exception {
        String user = newUser("bell");
        UUID rule = rule(user, "low credits");
        long now = Instant.now().getEpochSecond();
        List<Inserted> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            boolean read = i < 2;
            all.add(notification(user, rule, "low credits", i % 2 == 0 ? "opened" : "resolved", now - 600 + i * 60, "4." + i,
                    i == 3 ? 80 : null, read ? now - 10 : null));
        }
        List<Map<String, Object>> newestFirst = all.stream().sorted(Comparator.comparingLong(Inserted::id).reversed())
                .map(Inserted::answer).toList();
        List<Map<String, Object>> unreadNewestFirst = newestFirst.stream().filter(n -> !(Boolean) n.get("read")).toList();

        assertThat(plain(read(as(user).get(NOTIFICATIONS).then().statusCode(200).extract().response())))
                .isEqualTo(plain(page(3, 5, 1, 20, newestFirst)));
        assertThat(plain(read(as(user).queryParam("page", 2).queryParam("pageSize", 2).get(NOTIFICATIONS))))
                .isEqualTo(plain(page(3, 5, 2, 2, newestFirst.subList(2, 4))));
        assertThat(plain(read(as(user).queryParam("unread", "true").get(NOTIFICATIONS))))
                .isEqualTo(plain(page(3, 3, 1, 20, unreadNewestFirst)));
        assertThat(plain(read(as(user).queryParam("unread", "false").get(NOTIFICATIONS))))
                .isEqualTo(plain(page(3, 5, 1, 20, newestFirst)));

        // mark the newest read: once or twice, the same
        long newest = (Long) newestFirst.get(0).get("id");
        as(user).post(NOTIFICATIONS + "/" + newest + "/read").then().statusCode(204);
        as(user).post(NOTIFICATIONS + "/" + newest + "/read").then().statusCode(204);
        JsonNode afterOne = read(as(user).get(NOTIFICATIONS));
        assertThat(afterOne.get("unread").asLong()).isEqualTo(2);
        assertThat(afterOne.get("items").get(0).get("read").asBoolean()).isTrue();
        assertThat(read(as(user).queryParam("unread", "true").get(NOTIFICATIONS)).get("total").asLong()).isEqualTo(2);

        // another user's notification is not found, and stays unread
        String other = newUser("bell-other");
        long oldestUnread = (Long) unreadNewestFirst.get(unreadNewestFirst.size() - 1).get("id");
        as(other).post(NOTIFICATIONS + "/" + oldestUnread + "/read").then().statusCode(404).contentType("application/problem+json");
        as(other).post(NOTIFICATIONS + "/read-all").then().statusCode(204);
        assertThat(read(as(user).get(NOTIFICATIONS)).get("unread").asLong()).isEqualTo(2);
        assertThat(plain(read(as(other).get(NOTIFICATIONS)))).isEqualTo(plain(page(0, 0, 1, 20, List.of())));
        as(user).post(NOTIFICATIONS + "/999999999999/read").then().statusCode(404);
        as(user).post(NOTIFICATIONS + "/abc/read").then().statusCode(404);

        // an admin reads and marks for the user
        String admin = newUser("bell-admin");
        assertThat(read(as(admin, "admin").queryParam("userDid", user).get(NOTIFICATIONS)).get("total").asLong()).isEqualTo(5);
        as(admin, "admin").queryParam("userDid", user).post(NOTIFICATIONS + "/" + oldestUnread + "/read").then().statusCode(204);
        assertThat(read(as(user).get(NOTIFICATIONS)).get("unread").asLong()).isEqualTo(1);
        as(other).queryParam("userDid", user).get(NOTIFICATIONS).then().statusCode(403);

        as(user).post(NOTIFICATIONS + "/read-all").then().statusCode(204);
        List<Map<String, Object>> allRead = newestFirst.stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>(n);
            m.put("read", true);
            return m;
        }).toList();
        assertThat(plain(read(as(user).get(NOTIFICATIONS)))).isEqualTo(plain(page(0, 5, 1, 20, allRead)));
        assertThat(plain(read(as(user).queryParam("unread", "true").get(NOTIFICATIONS)))).isEqualTo(plain(page(0, 0, 1, 20, List.of())));

        for (String[] bad : new String[][] {{"page", "0"}, {"pageSize", "101"}, {"pageSize", "x"}, {"unread", "yes"}}) {
            as(user).queryParam(bad[0], bad[1]).get(NOTIFICATIONS).then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void episodesAreListedNewestFirstOpenOrAll() throws Exception {
        String user = newUser("episodes");
        UUID rule = rule(user, "low credits");
        long now = Instant.now().getEpochSecond();
        List<Map<String, Object>> all = new ArrayList<>();
        // resolved, resolved, open (opened last)
        for (int i = 0; i < 3; i++) {
            boolean open = i == 2;
            long openedAt = now - 3000 + i * 1000;
            Long resolvedAt = open ? null : openedAt + 500;
            long id = insertEpisode(db, user, rule, "", openedAt, "4.50", resolvedAt, open ? null : "6");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", id);
            e.put("ruleId", rule.toString());
            e.put("ruleName", "low credits");
            e.put("kind", "creditsBelow");
            e.put("appDid", null);
            e.put("modelId", null);
            e.put("slot", null);
            e.put("state", open ? "open" : "resolved");
            e.put("openedAt", openedAt);
            e.put("openValue", new java.math.BigDecimal("4.5"));
            e.put("resolvedAt", resolvedAt);
            e.put("closeValue", open ? null : 6);
            all.add(0, e); // newest first
        }
        Map<String, Object> allPage = new LinkedHashMap<>();
        allPage.put("items", all);
        allPage.put("total", 3);
        allPage.put("page", 1);
        allPage.put("pageSize", 20);
        assertThat(plain(read(as(user).get(EPISODES).then().statusCode(200).extract().response()))).isEqualTo(plain(allPage));
        assertThat(plain(read(as(user).queryParam("state", "all").get(EPISODES)))).isEqualTo(plain(allPage));
        assertThat(plain(read(as(user).queryParam("state", "open").get(EPISODES))))
                .isEqualTo(plain(Map.of("items", all.subList(0, 1), "total", 1, "page", 1, "pageSize", 20)));
        assertThat(plain(read(as(user).queryParam("page", 2).queryParam("pageSize", 2).get(EPISODES))))
                .isEqualTo(plain(Map.of("items", all.subList(2, 3), "total", 3, "page", 2, "pageSize", 2)));
        as(user).queryParam("state", "closed").get(EPISODES).then().statusCode(400).contentType("application/problem+json");

        // nobody else sees them; an admin does for the user
        assertThat(plain(read(as(newUser("episodes-other")).get(EPISODES))))
                .isEqualTo(plain(Map.of("items", List.of(), "total", 0, "page", 1, "pageSize", 20)));
        assertThat(plain(read(as(newUser("episodes-admin"), "admin").queryParam("userDid", user).get(EPISODES)))).isEqualTo(plain(allPage));
    }
}
