package io.aigne.usage.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class ProjectProfileResourceTest {

    private static String ingestToken() {
        return LocalInfra.testTokens().mint("did:gateway", List.of("ingest"));
    }

    private static String uniqueApp() {
        return "did:app:" + UUID.randomUUID();
    }

    private static io.restassured.response.ValidatableResponse put(String appDid, String body) {
        return given().auth().oauth2(ingestToken()).contentType("application/json").body(body)
                .put("/api/ingest/projects/{appDid}", appDid).then();
    }

    /** The stored row as "name|logo|app", or null without one. */
    private static String stored(String appDid) throws SQLException {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("SELECT name, logo_url, app_url FROM project_profiles WHERE app_did = ?")) {
            ps.setString(1, appDid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) : null;
            }
        }
    }

    @Test
    void storesAProfileAndTheLatestPutReplacesIt() throws SQLException {
        String app = uniqueApp();
        put(app, """
                {"name":"  Alice's Chatbot ","logoUrl":"https://cdn.example/logo.png","appUrl":"http://chat.example"}""")
                .statusCode(200).body("appDid", equalTo(app)).body("name", equalTo("Alice's Chatbot"))
                .body("logoUrl", equalTo("https://cdn.example/logo.png"));
        assertThat(stored(app)).isEqualTo("Alice's Chatbot|https://cdn.example/logo.png|http://chat.example");

        // absent logoUrl/appUrl clear them: a PUT is the whole profile
        put(app, "{\"name\":\"Renamed\"}").statusCode(200).body("logoUrl", nullValue());
        assertThat(stored(app)).isEqualTo("Renamed|null|null");
    }

    @Test
    void refusesLogosThatAreNotHttpsAndNamesOutOfBounds() throws SQLException {
        String app = uniqueApp();
        String longName = "n".repeat(201);
        put(app, "{\"name\":\"" + longName + "\",\"logoUrl\":\"http://cdn.example/logo.png\",\"appUrl\":\"javascript:alert(1)\"}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", allOf(containsString("name: must be at most 200"), containsString("logoUrl: must be an absolute https URL"),
                        containsString("appUrl: must be an absolute http or https URL")));
        put(app, "{\"name\":\"x\",\"logoUrl\":\"data:image/png;base64,AAAA\"}").statusCode(400).body("detail", containsString("logoUrl"));
        // user info makes one host read like another
        put(app, "{\"name\":\"x\",\"logoUrl\":\"https://cdn.example@evil.example/l.png\"}").statusCode(400).body("detail", containsString("logoUrl"));
        put(app, "{\"name\":\"x\",\"logoUrl\":\"https://cdn.example/" + "a".repeat(2048) + "\"}").statusCode(400);
        put(app, "{\"name\":\"   \"}").statusCode(400).body("detail", containsString("name: is required"));
        put(app, "{\"name\":42}").statusCode(400).body("detail", containsString("name: must be a string"));
        put(app, "[\"name\"]").statusCode(400).contentType("application/problem+json");
        put(app, "{\"name\":").statusCode(400).contentType("application/problem+json");
        put(app, "{\"name\":\"a\\u0000b\"}").statusCode(400).body("detail", containsString("U+0000"));
        assertThat(stored(app)).as("nothing refused is stored").isNull();

        put(app, "{\"name\":\"" + "n".repeat(200) + "\"}").statusCode(200);
        assertThat(stored(app)).startsWith("n".repeat(200) + "|");
    }

    @Test
    void needsTheIngestRole() {
        given().contentType("application/json").body("{\"name\":\"x\"}").put("/api/ingest/projects/did:app:x")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalInfra.testTokens().mint("did:abt:someone", List.of())).contentType("application/json")
                .body("{\"name\":\"x\"}").put("/api/ingest/projects/did:app:x")
                .then().statusCode(403).contentType("application/problem+json").body("detail", not(containsString("SQL")));
    }
}
