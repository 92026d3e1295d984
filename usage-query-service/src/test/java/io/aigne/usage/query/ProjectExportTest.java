package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The project export equals the project list walked over all its pages (sort and q included), and
 * the literal path /projects/export never takes a project's own routes: a project named "export"
 * keeps its calls, stats, export and sample.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectExportTest {
    private static final String CAROL = "did:abt:carol-projects-export";
    private static final long FROM = 1_764_400_000L;
    private static final long TO = FROM + 7_200L;
    /** Numbers as the answer wrote them: decimals exact, trailing zeros kept ("1.0" stays "1.0"). */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    /** Project names a CSV must carry unharmed, one that a spreadsheet would run, and one named like the export path. */
    private static final Map<String, Integer> PROJECTS = Map.of("did:app:alpha", 30, "did:app:beta", 12, "did:app:\"quoted\",x", 6,
            "=cmd|' /C calc'!A0", 3, "export", 9, "did:app:ALPHA-two", 2);

    private final List<SeedCalls.Call> exportProjectCalls = new ArrayList<>();

    @BeforeAll
    void seed() {
        Random random = new Random(6);
        for (Map.Entry<String, Integer> p : PROJECTS.entrySet()) {
            List<SeedCalls.Call> calls = SeedCalls.generate(random, CAROL, p.getKey(), p.getValue(), FROM, TO);
            SeedCalls.insert(calls);
            if (p.getKey().equals("export")) {
                exportProjectCalls.addAll(calls);
            }
        }
        SeedCalls.insert(SeedCalls.generate(random, "did:abt:someone-else", "did:app:alpha", 50, FROM, TO));
        // names travel in the second column, guarded and quoted like any text
        SeedCalls.profile("did:app:beta", "=Beta, \"the\" bot", null, null);
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    private static String number(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isIntegralNumber() ? node.asText() : node.decimalValue().toPlainString();
    }

    /** The list's items over all pages of 2. */
    private static List<JsonNode> walk(Map<String, Object> params) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode answer = JSON.readTree(as(CAROL).queryParams(params).queryParam("page", page).queryParam("pageSize", 2)
                    .get("/api/usage/projects").then().statusCode(200).extract().asString());
            answer.get("projects").forEach(items::add);
            if (items.size() >= answer.get("count").asLong()) {
                return items;
            }
        }
    }

    private static void assertExportEqualsList(Map<String, Object> params) throws IOException {
        List<JsonNode> items = walk(params);
        Response export = as(CAROL).queryParams(params).get("/api/usage/projects/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.header("X-Total-Count")).isEqualTo(Integer.toString(items.size()));
        List<List<String>> rows = Csv.parse(export.asString());
        assertThat(rows.get(0)).containsExactly("appDid", "name", "totalCalls", "totalTokens", "totalCredits", "successRate", "lastCallTime");
        assertThat(rows).hasSize(items.size() + 1);
        for (int i = 0; i < items.size(); i++) {
            JsonNode p = items.get(i);
            assertThat(rows.get(i + 1)).as("row %d of %s", i + 1, params).containsExactly(Csv.guarded(p.get("appDid").asText()),
                    p.get("name").isNull() ? "" : Csv.guarded(p.get("name").asText()),
                    number(p.get("totalCalls")), number(p.get("totalTokens")), number(p.get("totalCredits")),
                    number(p.get("successRate")), number(p.get("lastCallTime")));
        }
    }

    @Test
    void exportsTheWholeProjectListInItsOrder() throws IOException {
        Map<String, Object> range = Map.of("startTime", FROM, "endTime", TO);
        assertExportEqualsList(range);
        Map<String, Object> byCredits = new HashMap<>(range);
        byCredits.put("sort", "credits");
        assertExportEqualsList(byCredits);
        Map<String, Object> filtered = new HashMap<>(range);
        filtered.put("q", "alpha");
        assertExportEqualsList(filtered);
        assertThat(walk(filtered)).hasSize(2);
        assertThat(walk(range)).hasSize(PROJECTS.size());
    }

    @Test
    void guardsAndQuotesProjectNamesAndAnswersAsADownload() {
        String before = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        Response r = as(CAROL).queryParams(Map.of("startTime", FROM, "endTime", TO)).get("/api/usage/projects/export");
        String after = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(r.header("Content-Type")).isEqualToIgnoringCase("text/csv; charset=utf-8");
        assertThat(r.header("Content-Disposition")).isIn("attachment; filename=\"projects-" + before + ".csv\"",
                "attachment; filename=\"projects-" + after + ".csv\"");
        assertThat(r.asString()).contains("\r\n\"did:app:\"\"quoted\"\",x\",").contains("\r\n'=cmd|' /C calc'!A0,,")
                .contains("\r\ndid:app:beta,\"'=Beta, \"\"the\"\" bot\",");
        as(CAROL).queryParam("sort", "cost").get("/api/usage/projects/export").then().statusCode(400)
                .contentType("application/problem+json");
        as(CAROL).queryParam("userDid", "did:abt:someone-else").get("/api/usage/projects/export").then().statusCode(403);
        given().get("/api/usage/projects/export").then().statusCode(401);
        // someone with no projects gets the header alone
        Response none = as("did:abt:nobody-projects").get("/api/usage/projects/export");
        assertThat(none.header("X-Total-Count")).isEqualTo("0");
        assertThat(none.asString()).isEqualTo("appDid,name,totalCalls,totalTokens,totalCredits,successRate,lastCallTime\r\n");
    }

    @Test
    void aProjectNamedExportKeepsItsOwnRoutes() {
        Map<String, Object> range = Map.of("startTime", FROM, "endTime", TO);
        long terminal = exportProjectCalls.stream().filter(c -> !c.status().equals("processing")).count();
        as(CAROL).queryParams(range).get("/api/usage/projects/{app}/calls", "export").then().statusCode(200)
                .contentType("application/json").body("count", equalTo(exportProjectCalls.size()));
        as(CAROL).queryParams(range).get("/api/usage/projects/{app}/stats", "export").then().statusCode(200)
                .body("appDid", equalTo("export")).body("totalCalls", equalTo((int) terminal));
        as(CAROL).queryParams(range).get("/api/usage/projects/{app}/calls/sample", "export").then().statusCode(200)
                .body("total", equalTo((int) terminal));
        Response export = as(CAROL).queryParams(range).get("/api/usage/projects/{app}/calls/export", "export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.header("X-Total-Count")).isEqualTo(Integer.toString(exportProjectCalls.size()));
        assertThat(export.header("Content-Disposition")).startsWith("attachment; filename=\"calls-export-");
        // and the list of projects is still the list
        as(CAROL).queryParams(range).get("/api/usage/projects").then().statusCode(200).contentType("application/json")
                .body("count", equalTo(PROJECTS.size()));
    }
}
