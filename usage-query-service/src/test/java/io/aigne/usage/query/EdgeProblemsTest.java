package io.aigne.usage.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.aigne.usage.testkit.RawHttp;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client mistakes are 4xx problem+json, never a 5xx, never a framework page (issue 11, "what was
 * seen" 2): values outside representable time, NUL and broken text in any path or query value,
 * and the answers the framework gives before our resources run.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeProblemsTest {
    private static final String USER = "did:abt:edge-" + UUID.randomUUID();
    private static final String APP = "did:app:edge";
    private static final long FROM = 1_764_000_000L;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    AgroalDataSource dataSource;

    private String token;

    @BeforeAll
    void seed() {
        SeedCalls.insert(SeedCalls.generate(new Random(11), USER, APP, 20, FROM, FROM + 3_600));
        token = LocalInfra.testTokens().mint(USER, List.of());
    }

    private RawHttp.Answer get(String target) {
        return RawHttp.send(port, "GET", target, token, Map.of());
    }

    /** A problem+json answer of this status whose body gives nothing internal away. */
    private static void assertProblem(RawHttp.Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.header("content-type")).as(a.headers() + " " + a.body()).startsWith("application/problem+json");
        assertThat(a.body()).contains("\"status\":" + status).contains("\"title\":");
        assertThat(a.body()).doesNotContainPattern("(?i)exception|\\bat [a-z]+\\.|java\\.|io\\.aigne|org\\.|sql|select ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/usage/trends?endTime=9223372036854775807",
            "/api/usage/projects/" + APP + "/trends?endTime=9223372036854775807",
            "/api/usage/overview?startTime=9223372036854775806&endTime=9223372036854775807",
            "/api/usage/overview?startTime=-9223372036854775808&endTime=0",
            "/api/usage/overview?compare=previous&endTime=253402300800",
            "/api/usage/projects/" + APP + "/stats?compare=previous&startTime=9223372036854775000",
            "/api/usage/trends?timeRange=9223372036854775807",
            "/api/usage/trends?startTime=%D9%A3&endTime=%D9%A4", // Arabic-Indic digits
            "/api/usage/projects/" + APP + "/calls?page=9223372036854775807"})
    void rangesOutsideRepresentableTimeAre400(String target) {
        assertProblem(get(target), 400);
    }

    @Test
    void theLastRepresentableSecondStillAnswers() {
        assertThat(get("/api/usage/trends?startTime=253402214400&endTime=253402300799&granularity=hour&tz=Pacific/Kiritimati")
                .status()).isEqualTo(200);
        assertThat(get("/api/usage/overview?compare=previous&startTime=0&endTime=3600").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/usage/projects/a%00b/stats", "/api/usage/projects/" + APP + "/calls?model=%00",
            "/api/usage/overview?userDid=%00", "/api/usage/trends?tz=%00", "/api/usage/projects?q=%00",
            "/api/usage/projects?q=abc%00def", "/api/usage/projects?q=%ED%A0%80", "/api/usage/projects?q=%C0%80",
            "/api/usage/projects/%ED%B0%80/models", "/api/usage/overview?startTime=%FF"})
    void nulOrBrokenTextInAnyValueIs400(String target) {
        assertProblem(get(target), 400);
    }

    /**
     * Targets java.net.URI refuses (broken %-escapes, characters such as '|') are answered by
     * Quarkus's root handler with a bare 400 before any router or application code runs; only the
     * JVM flag vertx.disableURIValidation turns that off, and it guards path-based permissions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/usage/projects?q=%zz", "/api/usage/projects?q=%", "/api/usage/projects/a%2/stats",
            "/api/usage/projects?q=a|b"})
    void targetsThatAreNoUriAre400BeforeOurCode(String target) {
        RawHttp.Answer a = get(target);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).isEmpty();
    }

    @Test
    void frameworkAnswersAreProblems() {
        assertProblem(get("/api/usage/nothing-here"), 404);
        assertProblem(get("/nothing-here"), 404);
        assertProblem(RawHttp.send(port, "DELETE", "/api/usage/overview", token, Map.of()), 405);
        assertProblem(RawHttp.send(port, "GET", "/api/usage/overview", token, Map.of("Accept", "text/html")), 406);
        assertProblem(get("/api/usage/projects?q=" + "x".repeat(9_000)), 414);
        assertProblem(RawHttp.send(port, "GET", "/api/usage/overview", null, Map.of()), 401);
    }

    @Test
    void aBodyOverTheServersLimitIsAProblem() {
        RawHttp.Answer a = RawHttp.announce(port, "POST", "/api/usage/overview", token, Map.of("Content-Type", "application/json"),
                20L * 1024 * 1024);
        assertProblem(a, 413);
    }

    @Test
    void anUnexpectedFailureIsAGeneric500WithAnId() {
        RawHttp.Answer a = get("/test-only/failing");
        assertProblem(a, 500);
        assertThat(a.body()).contains("Error id: ").doesNotContain(FailingResource.SECRET);
    }

    @Test
    void everyPooledConnectionHasTheStatementTimeout() throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("10s");
        }
    }
}
