package io.aigne.usage.quota.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.testkit.IdentityCases;
import io.aigne.usage.testkit.IdentityCases.Operation;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the quota gateway (the credit API and the admin grants) needs a token naming its
 * user for the services' audience, whatever its roles; and a grant records the admin who made it.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class IdentityTest {
    private static final String GRANT = "{\"userDid\":\"did:abt:nobody\",\"amount\":5,\"category\":\"paid\"}";

    private static List<Operation> securedOperations() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        List<Operation> ops = IdentityCases.securedOperations(doc);
        assertThat(ops).extracting(Operation::toString).contains("POST /api/admin/credits/grants", "GET /api/usage/quota",
                "GET /api/usage/quota-details", "GET /api/usage/quota/auto-recharge", "PUT /api/usage/quota/auto-recharge");
        return ops;
    }

    private static void assertRefused(String token, Operation op) {
        given().auth().oauth2(token).contentType("application/json").body(GRANT).request(op.method(), op.path())
                .then().statusCode(401).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "roles {0}")
    @MethodSource("io.aigne.usage.testkit.IdentityCases#roleSets")
    void aTokenWithoutSubIsRefusedOnEveryEndpointAndGrantsNothing(List<String> roles) throws Exception {
        String token = IdentityCases.tokenWithoutSub(roles);
        for (Operation op : securedOperations()) {
            assertRefused(token, op);
        }
        assertThat(grantsOf("did:abt:nobody")).isZero();
    }

    @ParameterizedTest(name = "roles {0}")
    @MethodSource("io.aigne.usage.testkit.IdentityCases#roleSets")
    void aTokenForAnotherAudienceOrNoneIsRefusedOnEveryEndpoint(List<String> roles) throws Exception {
        for (Operation op : securedOperations()) {
            assertRefused(IdentityCases.tokenForAudience("another-service", "did:abt:ops", roles), op);
            assertRefused(IdentityCases.tokenForAudience(null, "did:abt:ops", roles), op);
        }
        assertThat(grantsOf("did:abt:nobody")).isZero();
    }

    @Test
    void aGrantRecordsItsGrantorInTheLedgerAndInTheHistory() throws Exception {
        String user = "did:abt:granted-" + UUID.randomUUID();
        String id = given().auth().oauth2(LocalInfra.testTokens().mint("did:abt:ops-carol", List.of("admin")))
                .contentType("application/json").body(Map.of("userDid", user, "amount", 7, "category", "promotional", "name", "Apology"))
                .post("/api/admin/credits/grants").then().statusCode(201).extract().path("id");
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT granted_by FROM credit_grants WHERE id = ?")) {
            ps.setString(1, id);
            ResultSet rs = ps.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("did:abt:ops-carol");
        }
        given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).queryParam("type", "grant").get("/api/usage/quota-details")
                .then().statusCode(200).body("count", equalTo(1))
                .body("list[0].metadata.grantedBy", equalTo("did:abt:ops-carol"))
                .body("list[0].metadata.category", equalTo("promotional"))
                .body("list[0].metadata.source", equalTo("admin"));
    }

    private static int grantsOf(String user) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM credit_grants WHERE user_did = ?")) {
            ps.setString(1, user);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }
}
