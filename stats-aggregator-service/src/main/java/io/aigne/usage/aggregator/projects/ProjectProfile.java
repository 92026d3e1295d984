package io.aigne.usage.aggregator.projects;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.TextRules;
import io.aigne.usage.support.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A project's name, logo and address as the pages show them. Validated here because the pages put
 * the URLs into {@code img src} and {@code a href}: a logo is https only (no mixed content, no
 * {@code data:} or {@code javascript:}), an app URL http or https, and lengths stay bounded.
 */
public record ProjectProfile(
        @Schema(description = "the project's DID (from the path)") String appDid,
        @Schema(description = "display name, 1–200 characters, trimmed") String name,
        @Schema(nullable = true, description = "https URL of a square logo, at most 2048 characters") String logoUrl,
        @Schema(nullable = true, description = "http(s) URL of the app, at most 2048 characters") String appUrl) {

    static final int APP_DID_MAX = 256;
    static final int NAME_MAX = 200;
    static final int URL_MAX = 2048;

    /** The body of a PUT for {@code appDid}: {@code {"name", "logoUrl"?, "appUrl"?}}; 400 naming every broken rule. */
    public static ProjectProfile parse(String appDid, JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (appDid == null || appDid.isBlank() || appDid.length() > APP_DID_MAX || TextRules.problem(appDid) != null) {
            problems.add("appDid: must be 1–" + APP_DID_MAX + " characters of text");
        }
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object {\"name\", \"logoUrl\", \"appUrl\"}.");
        }
        String name = text(body, "name", problems);
        if (name != null) {
            name = name.strip();
        }
        if (name == null || name.isEmpty()) {
            problems.add("name: is required (1–" + NAME_MAX + " characters)");
        } else if (name.length() > NAME_MAX) {
            problems.add("name: must be at most " + NAME_MAX + " characters");
        }
        String logoUrl = url(body, "logoUrl", List.of("https"), problems);
        String appUrl = url(body, "appUrl", List.of("http", "https"), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", problems));
        }
        return new ProjectProfile(appDid, name, logoUrl, appUrl);
    }

    private static String text(JsonNode body, String field, List<String> problems) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(field + ": must be a string");
            return null;
        }
        String problem = TextRules.problem(v.textValue());
        if (problem != null) {
            problems.add(field + ": " + problem);
            return null;
        }
        return v.textValue();
    }

    private static String url(JsonNode body, String field, List<String> schemes, List<String> problems) {
        String value = text(body, field, problems);
        if (value == null || value.isEmpty()) {
            return null;
        }
        String rule = field + ": must be an absolute " + String.join(" or ", schemes) + " URL of at most " + URL_MAX + " characters";
        if (value.length() > URL_MAX) {
            problems.add(rule);
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // no user info: "https://trusted.example@evil.example/" reads as one host and goes to another
            if (!schemes.contains(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                problems.add(rule);
                return null;
            }
        } catch (URISyntaxException e) {
            problems.add(rule);
            return null;
        }
        return value;
    }
}
