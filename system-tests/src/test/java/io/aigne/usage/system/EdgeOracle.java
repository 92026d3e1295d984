package io.aigne.usage.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.testkit.RawHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * What every answer at the edge must be (issue 11, docs/contracts.md §5): never a 5xx; every error a
 * problem+json with its status and a title; no stack trace, class name or SQL in any body.
 * One exception, which no application code can change: a target java.net.URI refuses is answered
 * by Quarkus's root handler with a bare 400 before the router runs.
 */
final class EdgeOracle {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEAK = Pattern.compile("(?i)exception|\\tat [\\w.$]+\\(|\\bjava\\.|\\bjavax\\.|\\bjakarta\\."
            + "|\\bio\\.(aigne|quarkus|vertx|netty|smallrye|agroal)|\\borg\\.(postgresql|jboss|hibernate|apache|eclipse)"
            + "|\\bcom\\.fasterxml|sqlstate|\\bselect\\b.{0,200}\\bfrom\\b|\\binsert into\\b|\\bpsql|stack ?trace|\\bnull pointer"
            + "|(?-i:\\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\\.[a-z]\\w*\\()");

    private EdgeOracle() {
    }

    /** What is wrong with the answer, or null. */
    static String violation(FuzzRequests.Request request, RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return "server error " + status;
        }
        if (LEAK.matcher(answer.body()).find()) {
            return "body gives internals away";
        }
        if (status < 400 || "HEAD".equals(request.method())) {
            return null;
        }
        if (status == 400 && !isUri(request.target())) {
            return answer.body().isEmpty() ? null : "a refused URI answered with a body";
        }
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "error without application/problem+json (Content-Type " + type + ")";
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != status || !problem.path("title").isTextual()
                    || problem.path("title").asText().isBlank()) {
                return "problem without its status or a title";
            }
        } catch (Exception e) {
            return "problem+json that is not JSON";
        }
        return null;
    }

    private static boolean isUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
