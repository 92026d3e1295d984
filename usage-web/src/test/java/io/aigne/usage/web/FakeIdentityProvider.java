package io.aigne.usage.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aigne.usage.localstack.LocalSigningKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID provider at the HTTP boundary (the real one cannot run here): discovery, keys, an
 * authorization endpoint that signs the user in at once, and a token endpoint. It records the last
 * access token it issued, so a test can check the gateway passes exactly that one on.
 */
public class FakeIdentityProvider implements QuarkusTestResourceLifecycleManager {
    public static final String CLIENT_ID = "usage-web";
    public static final String USER = "did:abt:oidc-user";
    public static final AtomicReference<String> LAST_ACCESS_TOKEN = new AtomicReference<>();
    private static final LocalSigningKey KEY = LocalSigningKey.generate();
    private HttpServer server;
    private String issuer;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", x -> json(x, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/jwks","end_session_endpoint":"%1$s/logout","response_types_supported":["code"],
                 "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer)));
        server.createContext("/jwks", x -> {
            RSAPublicKey pub = (RSAPublicKey) KEY.publicKey();
            json(x, 200, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"k1\",\"n\":\"%s\",\"e\":\"%s\"}]}"
                    .formatted(b64(pub.getModulus()), b64(pub.getPublicExponent())));
        });
        server.createContext("/authorize", x -> {
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=the-code&state=" + q.get("state"));
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/token", x -> {
            Map<String, String> form = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"the-code".equals(form.get("code")) && !"refresh_token".equals(form.get("grant_type"))) {
                json(x, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            String access = token("aigne-hub-usage");
            LAST_ACCESS_TOKEN.set(access);
            json(x, 200, "{\"access_token\":\"%s\",\"id_token\":\"%s\",\"refresh_token\":\"r1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                    .formatted(access, token(CLIENT_ID)));
        });
        server.start();
        return Map.of(
                "usage.web.auth-mode", "oidc",
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.client-id", CLIENT_ID,
                "quarkus.oidc.credentials.secret", "client-secret",
                "quarkus.http.auth.permission.sign-in.policy", "authenticated");
    }

    private String token(String audience) {
        return Jwt.issuer(issuer).subject(USER).audience(Set.of(audience)).groups(Set.of()).expiresIn(3600)
                .jws().keyId("k1").sign(KEY.privateKey());
    }

    private static String b64(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
