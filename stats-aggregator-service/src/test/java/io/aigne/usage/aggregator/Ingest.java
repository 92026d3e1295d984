package io.aigne.usage.aggregator;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.restassured.path.json.JsonPath;
import java.util.List;

/** Sends events through the ingest API and records the accepted ones in a reference model. */
final class Ingest {
    private Ingest() {
    }

    static String token(String user, String... roles) {
        return LocalInfra.testTokens().mint(user, List.of(roles));
    }

    static JsonPath send(List<ObjectNode> events, ExpectedCalls expected) {
        ArrayNode body = ModelCallJson.MAPPER.createArrayNode();
        events.forEach(body::add);
        JsonPath answer = given().auth().oauth2(token("did:gateway", "ingest")).contentType("application/json")
                .body(body.toString()).post("/api/ingest/model-calls").then().statusCode(202).extract().jsonPath();
        List<Integer> rejected = answer.getList("rejected.index", Integer.class);
        for (int i = 0; i < events.size(); i++) {
            if (!rejected.contains(i)) {
                expected.sent(events.get(i));
            }
        }
        return answer;
    }

    static JsonPath flush() {
        return given().auth().oauth2(token("did:ops", "admin")).post("/api/admin/stats/flush")
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath reconcile(long from, long to, boolean repair) {
        return given().auth().oauth2(token("did:ops", "admin")).queryParam("from", from).queryParam("to", to)
                .queryParam("repair", repair).post("/api/admin/stats/reconcile").then().statusCode(200).extract().jsonPath();
    }
}
