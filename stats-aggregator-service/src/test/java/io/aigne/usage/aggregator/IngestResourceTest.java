package io.aigne.usage.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class IngestResourceTest {
    private static final String PATH = "/api/ingest/model-calls";

    private static String ingestToken() {
        return LocalInfra.testTokens().mint("did:gateway", List.of("ingest"));
    }

    @Test
    void acceptsValidEventsAndStoresThemExactly() {
        String user = TestEvents.uniqueUser();
        ObjectNode a = TestEvents.call(user, "app-1", "success", 1_764_300_000L);
        a.put("credits", new BigDecimal("0.1234567891"));
        ObjectNode b = TestEvents.call(user, null, "failed", 1_764_300_100L);
        b.put("errorReason", "upstream 500");
        b.put("credits", 0);
        ArrayNode body = ModelCallJson.MAPPER.createArrayNode().add(a).add(b);

        given().auth().oauth2(ingestToken()).contentType("application/json").body(body.toString())
                .post(PATH).then().statusCode(202).body("accepted", equalTo(2)).body("rejected", hasSize(0));

        List<ModelCallRows.Row> rows = ModelCallRows.await(user, r -> r.size() == 2);
        assertThat(rows).extracting(ModelCallRows.Row::id).containsExactlyInAnyOrder(a.get("id").asText(), b.get("id").asText());
        ModelCallRows.Row stored = rows.stream().filter(r -> r.id().equals(a.get("id").asText())).findFirst().orElseThrow();
        assertThat(stored.credits()).isEqualByComparingTo("0.1234567891");
        assertThat(stored.durationMs()).isEqualTo(812.25);
        assertThat(stored.status()).isEqualTo("success");
    }

    @Test
    void acceptsNdjsonAndReportsInvalidLinesByIndex() {
        String user = TestEvents.uniqueUser();
        ObjectNode good = TestEvents.call(user, "app-1", "processing", 1_764_300_000L);
        ObjectNode bad = TestEvents.call(user, "app-1", "success", 1_764_300_000L);
        bad.put("callTime", 1_764_300_000_000L);
        String ndjson = good + "\n\n" + bad + "\n{not json\n";

        given().auth().oauth2(ingestToken()).contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(PATH).then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected.index", equalTo(List.of(1, 2)))
                .body("rejected[0].reason", startsWith("callTime:"))
                .body("rejected[1].reason", startsWith("$: malformed JSON"));

        assertThat(ModelCallRows.await(user, r -> r.size() == 1)).extracting(ModelCallRows.Row::status)
                .containsExactly("processing");
    }

    @Test
    void refusesCallersWithoutTheIngestRole() {
        String body = "[" + TestEvents.call("u", "a", "success", 1L) + "]";
        given().contentType("application/json").body(body).post(PATH).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2(LocalInfra.testTokens().mint("u", List.of())).contentType("application/json").body(body)
                .post(PATH).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void rejectsBodiesThatAreNotEventLists() {
        given().auth().oauth2(ingestToken()).contentType("application/json").body("[{\"id\":")
                .post(PATH).then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Bad Request"));
        given().auth().oauth2(ingestToken()).contentType("application/json").body("   ")
                .post(PATH).then().statusCode(400);
    }

    @Test
    void rejectsMoreThan1000Events() {
        ArrayNode body = ModelCallJson.MAPPER.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            body.add(TestEvents.call("did:too-many", "a", "success", 1L));
        }
        given().auth().oauth2(ingestToken()).contentType("application/json").body(body.toString())
                .post(PATH).then().statusCode(413).contentType("application/problem+json");
        assertThat(ModelCallRows.of("did:too-many")).isEmpty();
    }
}
