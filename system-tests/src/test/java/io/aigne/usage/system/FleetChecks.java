package io.aigne.usage.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.testkit.AggregatorFleet;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.StatAssertions;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every aggregator system test checks at the end. */
final class FleetChecks {
    private FleetChecks() {
    }

    static JsonPath admin(ServiceProcess instance, String path, Map<String, ?> params) {
        return given().baseUri(instance.baseUrl()).auth().oauth2(LocalInfra.testTokens().mint("did:ops", List.of("admin")))
                .queryParams(params).post(path).then().statusCode(200).extract().jsonPath();
    }

    static long minWatermark(AggregatorFleet fleet) throws Exception {
        return fleet.minWatermark();
    }

    /**
     * model_calls holds exactly the final state of every call sent; every flushed ModelCallStat
     * row equals the reference; the service's own reconcile finds no drift either.
     */
    static void assertExactlyOnce(AggregatorFleet fleet, ServiceProcess anyInstance, List<String> users, ExpectedCalls expected,
            long now) throws Exception {
        long watermark = minWatermark(fleet);
        assertThat(watermark).isGreaterThan(now - 2 * 3_600);
        for (String user : users) {
            Map<String, String> want = new HashMap<>();
            expected.all(user).forEach(e -> want.put(e.get("id").asText(), e.get("status").asText()));
            assertThat(storedStatuses(fleet, user)).as("calls of %s", user).isEqualTo(want);
            StatAssertions.assertRowsMatchReference(fleet.jdbcUrl, user, expected.all(user), watermark);
        }
        JsonPath report = admin(anyInstance, "/api/admin/stats/reconcile", Map.of("from", now - 4 * 86_400, "to", now));
        assertThat(report.getInt("missing") + report.getInt("mismatched") + report.getInt("extra")).isZero();
    }

    private static Map<String, String> storedStatuses(AggregatorFleet fleet, String user) throws Exception {
        Map<String, String> have = new HashMap<>();
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement("SELECT id, status FROM model_calls WHERE user_did = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    have.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return have;
    }
}
