package io.aigne.usage.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.web.WebTestResource.Answer;
import io.aigne.usage.web.WebTestResource.Seen;
import io.aigne.usage.web.gateway.FirstAnswers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Dashboard's and Project Detail's HTML carry the page's first answers for the signed-in user
 * (docs/web.md "First load"): exactly what the services answered that user's token for the page's own
 * requests, nobody else's, escaped so no string can leave the script element, never cached, and left
 * out (the page then asks itself) when a service is slow or fails, or nobody is signed in.
 */
@QuarkusTest
@QuarkusTestResource(WebTestResource.class)
class FirstAnswersPageTest {
    private static final String ALICE = "did:abt:demo-alice";
    private static final String BOB = "did:abt:demo-bob";
    private static final String ZONE = "Asia/Kolkata";
    private static final String OPEN = "<script type=\"application/json\" id=\"" + FirstAnswers.ELEMENT_ID + "\">";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** In every answer: a name no page may let end its script element. */
    static final String HOSTILE = "</script><script>alert(document.cookie)</script><!-- </SCRIPT\t> \u2028 & <\\/script>";

    @BeforeEach
    void answerPerUser() {
        WebTestResource.SEEN.clear();
        // each answer names the user of the token it was asked with, the path it was asked for and a hostile string
        WebTestResource.answerer = (service, target, authorization) -> new Answer(200, "application/json",
                answerFor(service, target, authorization), 0);
    }

    @AfterEach
    void usualAnswers() {
        WebTestResource.answerer = null;
    }

    static String answerFor(String service, String target, String authorization) {
        try {
            return JSON.writeValueAsString(Map.of("service", service, "path", target, "user", subject(authorization), "name", HOSTILE,
                    "totalCredits", 1234.50));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(String authorization) throws Exception {
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).get("sub").asText();
    }

    private static Response page(String path, String session) {
        // the path as a browser sends it (RestAssured would escape its % again)
        var request = given().urlEncodingEnabled(false).cookie(FirstAnswers.TZ_COOKIE, "Asia%2FKolkata");
        if (session != null) {
            request = request.cookie("usage_session", session);
        }
        return request.get(path);
    }

    /** The element's JSON, after checking that nothing in it ends it early; null when the page has none. */
    private static JsonNode firstAnswers(String html) throws Exception {
        int open = html.indexOf(OPEN);
        if (open < 0) {
            return null;
        }
        assertThat(html.indexOf(OPEN, open + 1)).as("one element").isNegative();
        int close = html.indexOf("</script>", open);
        String content = html.substring(open + OPEN.length(), close);
        assertThat(content).doesNotContain("<").doesNotContain(">");
        // the document goes on as index.html does: the element is the last thing in <body>
        assertThat(html.substring(close)).startsWith("</script></body>");
        return JSON.readTree(content);
    }

    @Test
    void theDashboardCarriesExactlyWhatTheServicesAnsweredThisUser() throws Exception {
        String alice = WebGatewayTest.signIn(ALICE);
        long before = Instant.now().getEpochSecond();
        Response r = page("/usage/dashboard", alice);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        String html = r.asString();
        assertThat(html).contains("<div id=\"root\"></div>");
        JsonNode first = firstAnswers(html);
        assertThat(first).isNotNull();
        long at = first.get("at").asLong();
        assertThat(at).isBetween(before, Instant.now().getEpochSecond());
        assertThat(first.get("tz").asText()).isEqualTo(ZONE);

        // the page's own four requests for that instant and zone, asked with Alice's token, nothing else
        List<String> urls = FirstAnswers.requestsOf("/usage/dashboard", null, ZoneId.of(ZONE), Instant.ofEpochSecond(at)).stream()
                .map(FirstAnswers.Ask::pathAndQuery).toList();
        List<String> keys = new ArrayList<>();
        first.get("answers").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(urls).hasSize(4);
        assertThat(WebTestResource.SEEN).extracting(Seen::pathAndQuery).containsExactlyInAnyOrderElementsOf(urls);
        for (Seen s : WebTestResource.SEEN) {
            assertThat(subject(s.authorization())).isEqualTo(ALICE);
            // exactly the service's answer, hostile string and number included
            assertThat(first.get("answers").get(s.pathAndQuery())).isEqualTo(JSON.readTree(answerFor(s.service(), s.pathAndQuery(), s.authorization())));
        }
        assertThat(first.get("answers").get(urls.get(0)).get("service").asText()).isEqualTo("quota");
        assertThat(first.get("answers").get(urls.get(1)).get("name").asText()).isEqualTo(HOSTILE);
        assertThat(first.get("answers").get(urls.get(1)).get("totalCredits").decimalValue()).isEqualByComparingTo("1234.5");

        // Bob's page right after: Bob's answers, none of Alice's
        WebTestResource.SEEN.clear();
        String bobsPage = page("/usage/dashboard", WebGatewayTest.signIn(BOB)).asString();
        JsonNode bobs = firstAnswers(bobsPage);
        for (Iterator<JsonNode> it = bobs.get("answers").elements(); it.hasNext(); ) {
            assertThat(it.next().get("user").asText()).isEqualTo(BOB);
        }
        assertThat(bobsPage).doesNotContain(ALICE);
        assertThat(WebTestResource.SEEN).allSatisfy(s -> assertThat(subject(s.authorization())).isEqualTo(BOB));
    }

    @Test
    void aProjectPageCarriesItsStatsTrendAndModelsForItsPresetRange() throws Exception {
        String alice = WebGatewayTest.signIn(ALICE);
        JsonNode first = firstAnswers(page("/usage/projects/did%3Aapp%3Aalice-chatbot?range=7d", alice).asString());
        List<String> keys = new ArrayList<>();
        first.get("answers").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k).startsWith("/api/usage/projects/did%3Aapp%3Aalice-chatbot/"));
        assertThat(keys).anySatisfy(k -> assertThat(k).contains("/trends?").contains("&granularity=hour&tz=Asia%2FKolkata"));
        assertThat(WebTestResource.SEEN).extracting(Seen::service).containsOnly("query");
    }

    @Test
    void aSlowOrFailingServiceIsLeftOutAndThePageStillComesSoon() throws Exception {
        String alice = WebGatewayTest.signIn(ALICE);
        WebTestResource.answerer = (service, target, authorization) -> {
            if (target.startsWith("/api/usage/overview")) {
                return new Answer(200, "application/json", answerFor(service, target, authorization), 3_000); // past the deadline (800 ms in tests)
            }
            if (target.startsWith("/api/usage/trends")) {
                return new Answer(503, "application/problem+json", "{\"status\":503}", 0);
            }
            return new Answer(200, "application/json", answerFor(service, target, authorization), 0);
        };
        long started = System.nanoTime();
        String html = page("/usage/dashboard", alice).asString();
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(ms).as("the HTML does not wait for the slow overview").isLessThan(2_500);
        JsonNode first = firstAnswers(html);
        List<String> keys = new ArrayList<>();
        first.get("answers").fieldNames().forEachRemaining(keys::add);
        // only the quota came in time with a 200: the page asks for the overview and the trends itself
        assertThat(keys).containsExactly("/api/usage/quota");
        assertThat(html).contains("<div id=\"root\"></div>").contains("<script type=\"module\"");

        // nothing in time at all: the page as index.html is, with no element
        WebTestResource.answerer = (service, target, authorization) -> new Answer(200, "application/json", "{}", 3_000);
        Response r = page("/usage/dashboard", alice);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(firstAnswers(r.asString())).isNull();
        assertThat(r.asString()).contains("<div id=\"root\"></div>");
    }

    @Test
    void aSignedOutVisitorGetsThePlainPageAndNoServiceIsAsked() throws Exception {
        for (String session : new String[] {null, "forged-session-id"}) {
            Response r = page("/usage/dashboard", session);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(firstAnswers(r.asString())).isNull();
            assertThat(r.asString()).contains("<div id=\"root\"></div>");
        }
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    @Test
    void withoutAUsableZoneOnAnotherPageOrForCustomDatesNothingIsAsked() throws Exception {
        String alice = WebGatewayTest.signIn(ALICE);
        List<Response> pages = List.of(
                given().cookie("usage_session", alice).get("/usage/dashboard"),
                given().cookie("usage_session", alice).cookie(FirstAnswers.TZ_COOKIE, "%3C%2Fscript%3E").get("/usage/dashboard"),
                given().cookie("usage_session", alice).cookie(FirstAnswers.TZ_COOKIE, "Mars%2FOlympus").get("/usage/dashboard"),
                // broken escapes: the plain page, not a 500 (a sibling site could set such a cookie)
                given().cookie("usage_session", alice).cookie(FirstAnswers.TZ_COOKIE, "%").get("/usage/dashboard"),
                given().cookie("usage_session", alice).cookie(FirstAnswers.TZ_COOKIE, "Europe%zzBerlin").get("/usage/dashboard"),
                page("/usage/dashboard?from=2026-11-01&to=2026-11-03", alice),
                page("/usage/alerts", alice),
                page("/usage/sign-in", alice));
        for (Response r : pages) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(firstAnswers(r.asString())).isNull();
            assertThat(new String(r.asByteArray(), StandardCharsets.UTF_8)).doesNotContain("Mars").doesNotContain("</script></script>");
        }
        assertThat(WebTestResource.SEEN).isEmpty();
    }
}
