package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void documentsEveryEndpointWithSummariesAndExamples() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsOnlyKeys("/api/usage/overview", "/api/usage/projects", "/api/usage/trends",
                "/api/usage/projects/{appDid}/stats", "/api/usage/projects/{appDid}/trends",
                "/api/usage/projects/{appDid}/models", "/api/usage/projects/{appDid}/calls", "/api/usage/projects/export",
                "/api/usage/projects/{appDid}/calls/export", "/api/usage/projects/{appDid}/calls/sample", "/api/usage/forecast");
        for (String path : paths.keySet()) {
            assertThat(doc.getString("paths['" + path + "'].get.summary")).as(path).isNotBlank();
        }
        for (String path : new String[] {"/api/usage/overview", "/api/usage/projects", "/api/usage/trends",
                "/api/usage/projects/{appDid}/stats", "/api/usage/projects/{appDid}/models", "/api/usage/projects/{appDid}/calls/sample",
                "/api/usage/forecast"}) {
            assertThat(doc.getMap("paths['" + path + "'].get.responses.'200'.content.'application/json'.examples")).as(path).isNotEmpty();
        }
        assertThat(doc.getMap("components.securitySchemes")).containsKey("bearer");
    }

    /** What `npm run api:lint` and the generated TypeScript types rely on (docs/contracts.md §2, docs/api.md "Errors"). */
    @Test
    void namesEveryOperationDeclaresItsProblemsAndMarksNullableNumbers() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String path : doc.<String, Object>getMap("paths").keySet()) {
            String op = "paths['" + path + "'].get";
            assertThat(doc.getString(op + ".operationId")).as(path).isNotBlank();
            for (String status : new String[] {"400", "401", "403", "429", "503"}) {
                assertThat(doc.getString(op + ".responses.'" + status + "'.content.'application/problem+json'.schema.'$ref'"))
                        .as("%s %s", path, status).isEqualTo("#/components/schemas/Problem");
            }
        }
        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status", "detail");
        for (String field : new String[] {"TrendPoint.properties.successRate", "TrendPoint.properties.avgDuration",
                "Overview.properties.successRate", "ProjectSummary.properties.successRate", "ProjectStats.properties.successRate",
                "ProjectStats.properties.avgDuration", "ProjectStats.properties.p95Duration",
                "ModelShare.properties.p95Duration"}) {
            assertThat(doc.getList("components.schemas." + field + ".type", String.class)).as(field).containsExactly("number", "null");
        }
    }

    /** The exports answer CSV with their count and file name; the sample has a schema of its own. */
    @Test
    void describesTheExportsAndTheSample() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, String> exports = Map.of("/api/usage/projects/export", "exportProjects",
                "/api/usage/projects/{appDid}/calls/export", "exportProjectCalls");
        exports.forEach((path, operationId) -> {
            String op = "paths['" + path + "'].get";
            assertThat(doc.getString(op + ".operationId")).isEqualTo(operationId);
            assertThat(doc.getMap(op + ".responses.'200'.content")).as(path).containsOnlyKeys("text/csv");
            assertThat(doc.getMap(op + ".responses.'200'.headers")).as(path).containsKeys("X-Total-Count", "Content-Disposition");
        });
        assertThat(doc.getList("paths['/api/usage/projects/{appDid}/calls/export'].get.parameters.name", String.class))
                .contains("model", "type", "minDuration", "charged", "search", "status", "sort").doesNotContain("page", "pageSize");
        assertThat(doc.getString("paths['/api/usage/projects/{appDid}/calls'].get.parameters.find { it.name == 'model' }.schema.type"))
                .isEqualTo("array");
        String sample = "paths['/api/usage/projects/{appDid}/calls/sample'].get";
        assertThat(doc.getString(sample + ".operationId")).isEqualTo("sampleProjectCalls");
        assertThat(doc.getString(sample + ".responses.'200'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/CallSample");
        assertThat(doc.getMap("components.schemas.SamplePoint.properties"))
                .containsOnlyKeys("id", "model", "status", "duration", "totalUsage", "credits");
    }
}
