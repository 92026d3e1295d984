package io.aigne.usage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.localstack.TokenMinter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The identity edge cases every service's tests run: tokens that verify but name nobody, or were
 * issued for another audience, with each role; and the secured operations of a service, read from
 * its own live OpenAPI document so a new endpoint is covered without touching the tests.
 */
public final class IdentityCases {
    /** Roles the crafted tokens carry, one case each. */
    public static final List<List<String>> ROLE_SETS = List.of(List.of(), List.of("admin"), List.of("ingest"), List.of("admin", "ingest"));

    /** One operation of a service: method and a concrete path (path parameters filled in). */
    public record Operation(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private IdentityCases() {
    }

    /** For {@code @MethodSource}: each role set. */
    public static Stream<List<String>> roleSets() {
        return ROLE_SETS.stream();
    }

    /** A well-signed token with the roles but without the user claim {@code sub}. */
    public static String tokenWithoutSub(List<String> roles) {
        return LocalInfra.testTokens().mint("ignored", roles, Duration.ofHours(1), claims -> claims.remove("sub"));
    }

    /** A well-signed token for {@code user} with the roles, issued for {@code audience} (null: no {@code aud} claim). */
    public static String tokenForAudience(String audience, String user, List<String> roles) {
        return LocalInfra.testTokens().mint(user, roles, Duration.ofHours(1), claims -> {
            if (audience == null) {
                claims.remove("aud");
            } else {
                claims.put("aud", audience);
            }
        });
    }

    /** The audience the tests' services check ({@link LocalInfra#oidcConfig()}). */
    public static String audience() {
        return TokenMinter.LOCAL_AUDIENCE;
    }

    /** Every operation of an OpenAPI document that requires a bearer token (its own or the document's security). */
    public static List<Operation> securedOperations(JsonNode openapi) {
        boolean securedByDefault = openapi.path("security").size() > 0;
        List<Operation> operations = new ArrayList<>();
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().get("security");
            boolean secured = security == null ? securedByDefault : security.size() > 0;
            if (secured && op.getValue().isObject() && !op.getKey().equals("parameters")) {
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey().replaceAll("\\{[^}]+}", "did:app:x")));
            }
        }));
        return operations;
    }
}
