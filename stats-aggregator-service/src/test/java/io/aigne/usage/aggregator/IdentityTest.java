package io.aigne.usage.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.testkit.IdentityCases;
import io.aigne.usage.testkit.IdentityCases.Operation;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ingest and the admin endpoints need a token that names its user ({@code sub}) and was issued for
 * the services' audience, whatever roles it carries: otherwise 401 problem+json and nothing happens.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class IdentityTest {

    private static List<Operation> securedOperations() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        List<Operation> ops = IdentityCases.securedOperations(doc);
        assertThat(ops).extracting(Operation::path)
                .contains("/api/ingest/model-calls", "/api/admin/stats/flush", "/api/admin/stats/reconcile");
        return ops;
    }

    private static void assertRefused(String token, Operation op) {
        given().auth().oauth2(token).contentType("application/json").body("[]")
                .queryParam("from", 1_764_000_000L).queryParam("to", 1_764_086_400L)
                .request(op.method(), op.path())
                .then().statusCode(401).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "roles {0}")
    @MethodSource("io.aigne.usage.testkit.IdentityCases#roleSets")
    void aTokenWithoutSubIsRefusedOnEveryEndpoint(List<String> roles) throws Exception {
        String token = IdentityCases.tokenWithoutSub(roles);
        for (Operation op : securedOperations()) {
            assertRefused(token, op);
        }
    }

    @ParameterizedTest(name = "roles {0}")
    @MethodSource("io.aigne.usage.testkit.IdentityCases#roleSets")
    void aTokenForAnotherAudienceOrNoneIsRefusedOnEveryEndpoint(List<String> roles) throws Exception {
        for (Operation op : securedOperations()) {
            assertRefused(IdentityCases.tokenForAudience("another-service", "did:abt:ops", roles), op);
            assertRefused(IdentityCases.tokenForAudience(null, "did:abt:ops", roles), op);
        }
    }

    @org.junit.jupiter.api.Test
    void theSameTokensWithSubAndAudienceAreAccepted() {
        // the control for the cases above: with sub and audience, the same kind of token ingests
        String event = TestEvents.call(TestEvents.uniqueUser(), "app-1", "success", 1_764_300_000L).toString();
        given().auth().oauth2(LocalInfra.testTokens().mint("did:gateway", List.of("ingest"))).contentType("application/json")
                .body("[" + event + "]").post("/api/ingest/model-calls").then().statusCode(202);
    }
}
