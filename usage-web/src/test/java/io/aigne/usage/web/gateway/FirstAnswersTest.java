package io.aigne.usage.web.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.web.gateway.FirstAnswers.Ask;
import io.aigne.usage.web.gateway.GatewayRoutes.Upstream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The requests usage-web asks for a page's HTML are the page's own, character for character
 * (features/firstRequests.ts; src/shared/api/firstAnswers.test.ts builds the same URLs from the same
 * instant and zone in the browser's code), and what it writes into the HTML cannot leave its element.
 */
class FirstAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // 2026-11-30 15:30 in Kolkata (+05:30)
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void theDashboardsFirstRequestsAreThePagesOwnForItsDefaultRange() {
        long start30 = epoch("2026-10-31T18:30:00Z"); // Nov 1, 00:00 in Kolkata: 30 whole local days up to now
        long start7 = epoch("2026-11-23T18:30:00Z"); // Nov 24, 00:00: the credits card's 7 days
        long end = NOW.getEpochSecond();
        assertThat(FirstAnswers.requestsOf("/usage/dashboard", null, KOLKATA, NOW)).containsExactly(
                new Ask(Upstream.QUOTA, "/api/usage/quota"),
                new Ask(Upstream.QUERY, "/api/usage/overview?startTime=" + start30 + "&endTime=" + end + "&compare=previous"),
                new Ask(Upstream.QUERY, "/api/usage/trends?startTime=" + start30 + "&endTime=" + end + "&granularity=day&tz=Asia%2FKolkata"),
                new Ask(Upstream.QUERY, "/api/usage/trends?startTime=" + start7 + "&endTime=" + end + "&granularity=day&tz=Asia%2FKolkata"));
        // the same literal URL the browser's test expects (firstAnswers.test.ts)
        assertThat(FirstAnswers.requestsOf("/usage/dashboard", "", KOLKATA, NOW).get(1).pathAndQuery())
                .isEqualTo("/api/usage/overview?startTime=1793471400&endTime=1796032800&compare=previous");
    }

    /** The same literals as firstAnswers.test.ts, which collects what the browser's code sends. */
    @Test
    void everyFirstRequestIsTheLiteralUrlTheBrowserSends() {
        assertThat(FirstAnswers.requestsOf("/usage/dashboard", "", KOLKATA, NOW)).extracting(Ask::pathAndQuery).containsExactlyInAnyOrder(
                "/api/usage/overview?startTime=1793471400&endTime=1796032800&compare=previous",
                "/api/usage/quota",
                "/api/usage/trends?startTime=1793471400&endTime=1796032800&granularity=day&tz=Asia%2FKolkata",
                "/api/usage/trends?startTime=1795458600&endTime=1796032800&granularity=day&tz=Asia%2FKolkata");
        assertThat(FirstAnswers.requestsOf("/usage/projects/did%3Aapp%3Aalice-chatbot", "range=7d", KOLKATA, NOW))
                .extracting(Ask::pathAndQuery).containsExactlyInAnyOrder(
                        "/api/usage/projects/did%3Aapp%3Aalice-chatbot/models?startTime=1795458600&endTime=1796032800",
                        "/api/usage/projects/did%3Aapp%3Aalice-chatbot/stats?startTime=1795458600&endTime=1796032800&compare=previous",
                        "/api/usage/projects/did%3Aapp%3Aalice-chatbot/trends?startTime=1795458600&endTime=1796032800&granularity=hour"
                                + "&tz=Asia%2FKolkata");
    }

    @Test
    void aPresetRangeIsAnsweredAndLocalMidnightFollowsDaylightSavingTime() {
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant now = Instant.parse("2026-11-05T12:00:00Z"); // 07:00 EST; Oct 30 was still EDT (−4)
        List<Ask> week = FirstAnswers.requestsOf("/usage/projects/did%3Aapp%3Aalice-chatbot", "range=7d&page=2", newYork, now);
        String range = "startTime=" + epoch("2026-10-30T04:00:00Z") + "&endTime=" + now.getEpochSecond();
        assertThat(week).containsExactly(
                new Ask(Upstream.QUERY, "/api/usage/projects/did%3Aapp%3Aalice-chatbot/stats?" + range + "&compare=previous"),
                new Ask(Upstream.QUERY, "/api/usage/projects/did%3Aapp%3Aalice-chatbot/trends?" + range + "&granularity=hour&tz=America%2FNew_York"),
                new Ask(Upstream.QUERY, "/api/usage/projects/did%3Aapp%3Aalice-chatbot/models?" + range));
        // 90 days; anything the page cannot read as a preset is its default, 30 days
        assertThat(FirstAnswers.requestsOf("/usage/dashboard", "range=90d", newYork, now).get(1).pathAndQuery())
                .contains("startTime=" + epoch("2026-08-08T04:00:00Z") + "&");
        assertThat(FirstAnswers.requestsOf("/usage/dashboard", "range=12d", newYork, now))
                .isEqualTo(FirstAnswers.requestsOf("/usage/dashboard", null, newYork, now));
    }

    @Test
    void customDatesOtherPagesAndUnroutablePathsAskNothing() {
        assertThat(FirstAnswers.requestsOf("/usage/dashboard", "from=2026-11-01&to=2026-11-03", KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/projects/x", "to=2026-11-03", KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/sign-in", null, KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/alerts", null, KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/projects/a/b", null, KOLKATA, NOW)).isEmpty();
        // "." and ".." are no project the gateway would route; a broken escape is no path the page could read
        assertThat(FirstAnswers.requestsOf("/usage/projects/..", null, KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/projects/%2E%2E", null, KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/projects/%E0%A4", null, KOLKATA, NOW)).isEmpty();
    }

    @Test
    void aProjectIsEncodedAsEncodeUriComponentDoes() {
        assertThat(FirstAnswers.encodeComponent("did:app:a b/c?d#e+f!~*'()é")).isEqualTo("did%3Aapp%3Aa%20b%2Fc%3Fd%23e%2Bf!~*'()%C3%A9");
        assertThat(FirstAnswers.decodeComponent("did:app:a%20b+c%C3%A9")).contains("did:app:a b+cé");
        assertThat(FirstAnswers.requestsOf("/usage/projects/did:app:x%20y%C3%A9", null, KOLKATA, NOW).get(0).pathAndQuery())
                .startsWith("/api/usage/projects/did%3Aapp%3Ax%20y%C3%A9/stats?");
        // a "/" in the decoded name is no project the gateway passes on (its path parameter is decoded)
        assertThat(FirstAnswers.requestsOf("/usage/projects/did:app:x%2Fy", null, KOLKATA, NOW)).isEmpty();
        assertThat(FirstAnswers.requestsOf("/usage/projects/..%2F..%2Fadmin", null, KOLKATA, NOW)).isEmpty();
    }

    @Test
    void hostileStringsInAnAnswerCannotLeaveTheScriptElementAndReadBackTheSame() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- </SCRIPT > & \u2028\u2029 <\\/script>";
        String answer = JSON.writeValueAsString(Map.of("name", hostile, "nested", List.of(Map.of("model", hostile))));
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("/api/usage/projects/x/stats?a=<b>&c=</script>", answer);
        String element = FirstAnswers.element(1796032800L, "Europe/Berlin", answers);

        String open = "<script type=\"application/json\" id=\"usage-first-answers\">";
        assertThat(element).startsWith(open).endsWith("</script>");
        String content = element.substring(open.length(), element.length() - "</script>".length());
        assertThat(content).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028").doesNotContain("\u2029");

        JsonNode read = JSON.readTree(content);
        assertThat(read.get("at").asLong()).isEqualTo(1796032800L);
        assertThat(read.get("tz").asText()).isEqualTo("Europe/Berlin");
        assertThat(read.get("answers").get("/api/usage/projects/x/stats?a=<b>&c=</script>")).isEqualTo(JSON.readTree(answer));
        assertThat(read.get("answers").get("/api/usage/projects/x/stats?a=<b>&c=</script>").get("name").asText()).isEqualTo(hostile);
    }

    @Test
    void onlyASuccessfulJsonAnswerIsTaken() {
        assertThat(FirstAnswers.accepted(response(200, "application/json", "{\"a\":1}"))).contains("{\"a\":1}");
        assertThat(FirstAnswers.accepted(response(200, "application/json;charset=UTF-8", "[1,2]"))).contains("[1,2]");
        assertThat(FirstAnswers.accepted(response(500, "application/json", "{\"a\":1}"))).isEmpty();
        assertThat(FirstAnswers.accepted(response(404, "application/problem+json", "{\"status\":404}"))).isEmpty();
        assertThat(FirstAnswers.accepted(response(200, "text/html", "<p>hi</p>"))).isEmpty();
        assertThat(FirstAnswers.accepted(response(200, "application/json", "{\"a\":1} </script>"))).isEmpty();
        assertThat(FirstAnswers.accepted(response(200, "application/json", "{\"a\":"))).isEmpty();
    }

    private static java.net.http.HttpResponse<byte[]> response(int status, String type, String body) {
        return new java.net.http.HttpResponse<>() {
            public int statusCode() {
                return status;
            }

            public java.net.http.HttpRequest request() {
                return null;
            }

            public Optional<java.net.http.HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            public java.net.http.HttpHeaders headers() {
                return java.net.http.HttpHeaders.of(Map.of("Content-Type", List.of(type)), (a, b) -> true);
            }

            public byte[] body() {
                return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }

            public Optional<javax.net.ssl.SSLSession> sslSession() {
                return Optional.empty();
            }

            public java.net.URI uri() {
                return java.net.URI.create("http://127.0.0.1/");
            }

            public java.net.http.HttpClient.Version version() {
                return java.net.http.HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
