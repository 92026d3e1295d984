package io.aigne.usage.web.gateway;

import io.aigne.usage.support.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The query string the gateway passes on: only the parameters the route knows, exactly as the
 * browser encoded them. The services match parameter names loosely (case), so anything else is
 * dropped rather than trusted; a {@code userDid} in any spelling is refused outright.
 */
final class ForwardedQuery {
    private static final String USER_DID = "userdid";

    private ForwardedQuery() {
    }

    /** {@code ""} or {@code "?name=value&..."} of the known parameters of {@code rawQuery}. */
    static String of(String rawQuery, Set<String> known) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.strip().toLowerCase(Locale.ROOT).equals(USER_DID)) {
                throw ProblemException.badRequest("userDid is not a parameter here: the signed-in user is always the session's.");
            }
            if (known.contains(name)) {
                kept.add(pair);
            }
        }
        return kept.toString();
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("The query string is not well encoded.");
        }
    }
}
