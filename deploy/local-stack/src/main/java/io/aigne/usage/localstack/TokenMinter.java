package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Signs RS256 JWTs the way an OIDC provider would: {@code sub} = userDid, roles in {@code groups},
 * {@code aud} = the audience the services check in production ({@code QUARKUS_OIDC_TOKEN_AUDIENCE}).
 */
public final class TokenMinter {
    public static final String LOCAL_ISSUER = "https://aigne-hub-usage.local/issuer";
    /** The services' audience, locally and in tests; the same value as deploy/k8s's usage-config. */
    public static final String LOCAL_AUDIENCE = "aigne-hub-usage";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalSigningKey key;
    private final String issuer;
    private final String audience;

    public TokenMinter(LocalSigningKey key, String issuer) {
        this(key, issuer, LOCAL_AUDIENCE);
    }

    public TokenMinter(LocalSigningKey key, String issuer, String audience) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
    }

    public String mint(String subject, Collection<String> roles, Duration ttl) {
        return mint(subject, roles, ttl, claims -> { });
    }

    /** As {@link #mint(String, Collection, Duration)} with the claims changed first (tests: a missing sub, another audience). */
    public String mint(String subject, Collection<String> roles, Duration ttl, Consumer<ObjectNode> change) {
        Instant now = Instant.now();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", issuer)
                .put("sub", subject)
                .put("aud", audience)
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(ttl).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        roles.forEach(claims.putArray("groups")::add);
        if (roles.isEmpty()) {
            claims.putArray("groups");
        }
        change.accept(claims);
        String signingInput = b64(header.toString()) + "." + b64(claims.toString());
        return signingInput + "." + sign(signingInput);
    }

    public String publicKeyBase64() {
        return key.publicKeyBase64();
    }

    public String mint(String subject, Collection<String> roles) {
        return mint(subject, roles, Duration.ofHours(12));
    }

    private String sign(String input) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.privateKey());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
