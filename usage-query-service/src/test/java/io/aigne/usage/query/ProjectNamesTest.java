package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Projects carry the name and logo their producer gave (project_profiles); without one the DID stands alone. */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectNamesTest {
    private static final String USER = "did:abt:erin-project-names";
    private static final String NAMED = "did:app:names-support";
    private static final String UNNAMED = "did:app:names-zeta";
    private static final String OTHER = "did:app:names-other";
    private static final long FROM = 1_764_500_000L;
    private static final long TO = FROM + 3_600L;
    private static final Map<String, Object> RANGE = Map.of("startTime", FROM, "endTime", TO);

    @BeforeAll
    void seed() {
        Random random = new Random(19);
        SeedCalls.insert(SeedCalls.generate(random, USER, NAMED, 20, FROM, TO));
        SeedCalls.insert(SeedCalls.generate(random, USER, UNNAMED, 10, FROM, TO));
        SeedCalls.insert(SeedCalls.generate(random, USER, OTHER, 5, FROM, TO));
        SeedCalls.profile(NAMED, "Support Desk Ünïcode", "https://cdn.example/support.png", "https://support.example");
        SeedCalls.profile(OTHER, "Zeta Analytics", null, null);
    }

    private static RequestSpecification asUser() {
        return given().auth().oauth2(LocalInfra.testTokens().mint(USER, List.of())).queryParams(RANGE);
    }

    @Test
    void theListCarriesNamesAndLogosAndNullsWithoutAProfile() {
        asUser().get("/api/usage/projects").then().statusCode(200)
                .body("projects.appDid", contains(NAMED, UNNAMED, OTHER))
                .body("projects[0].name", equalTo("Support Desk Ünïcode"))
                .body("projects[0].logoUrl", equalTo("https://cdn.example/support.png"))
                .body("projects[0].appUrl", equalTo("https://support.example"))
                .body("projects[1].name", nullValue()).body("projects[1].logoUrl", nullValue())
                .body("projects[2].name", equalTo("Zeta Analytics")).body("projects[2].logoUrl", nullValue());
    }

    @Test
    void searchMatchesTheNameAsWellAsTheDid() {
        // "zeta" is in one DID and in another project's name: both match
        asUser().queryParam("q", "ZETA").get("/api/usage/projects").then().statusCode(200)
                .body("projects.appDid", contains(UNNAMED, OTHER));
        asUser().queryParam("q", "desk ün").get("/api/usage/projects").then().statusCode(200)
                .body("projects.appDid", contains(NAMED)).body("count", equalTo(1));
        // the logo's address is not a name
        asUser().queryParam("q", "cdn.example").get("/api/usage/projects").then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void projectStatsCarryTheNameForThePageHeader() {
        asUser().queryParam("compare", "previous").get("/api/usage/projects/{app}/stats", NAMED).then().statusCode(200)
                .body("name", equalTo("Support Desk Ünïcode")).body("logoUrl", equalTo("https://cdn.example/support.png"))
                .body("previous.name", equalTo("Support Desk Ünïcode"));
        asUser().get("/api/usage/projects/{app}/stats", UNNAMED).then().statusCode(200)
                .body("appDid", equalTo(UNNAMED)).body("name", nullValue());
        // a profile shows nothing to someone without calls in the project
        given().auth().oauth2(LocalInfra.testTokens().mint("did:abt:stranger-names", List.of())).queryParams(RANGE)
                .get("/api/usage/projects/{app}/stats", NAMED).then().statusCode(404);
    }
}
