package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.testkit.IdentityCases;
import io.aigne.usage.testkit.IdentityCases.Operation;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every statistics endpoint needs a token naming its user for the services' audience, whatever its roles. */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class IdentityTest {

    private static List<Operation> securedOperations() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        List<Operation> ops = IdentityCases.securedOperations(doc);
        assertThat(ops).hasSizeGreaterThanOrEqualTo(7);
        return ops;
    }

    private static void assertRefused(String token, Operation op) {
        given().auth().oauth2(token).request(op.method(), op.path()).then().statusCode(401).contentType("application/problem+json");
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
            assertRefused(IdentityCases.tokenForAudience("another-service", "did:abt:demo-alice", roles), op);
            assertRefused(IdentityCases.tokenForAudience(null, "did:abt:demo-alice", roles), op);
        }
    }
}
