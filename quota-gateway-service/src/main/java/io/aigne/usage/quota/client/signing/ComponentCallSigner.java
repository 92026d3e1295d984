package io.aigne.usage.quota.client.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Signs a request the way @blocklet/sdk 1.17.12's component call does ({@code util/verify-sign.js}
 * {@code getSignData} + {@code sign}, docs/payment-kit.md "How callers authenticate"): the app
 * wallet (ED25519, SHA3) signs SHA3-256 of the stable JSON of {@code {body, exp, iat, method, query, url}},
 * and the request carries the signature and its validity in {@code x-component-sig*} headers.
 */
public final class ComponentCallSigner {
    public static final String VERSION = "1";
    /** The SDK's validity: exp = iat + 5 minutes. */
    static final long VALID_SECONDS = 300;
    private static final HexFormat HEX = HexFormat.of();

    private final PrivateKey key;
    private final String componentDid;
    private final Clock clock;

    /**
     * @param appSecretKey the app wallet's secret key as the Blocklet environment holds it
     *                     ({@code BLOCKLET_APP_ASK}/{@code BLOCKLET_APP_SK}: hex, 0x-prefixed or not, the 32-byte seed followed by the public key, or the seed alone)
     */
    public ComponentCallSigner(String appSecretKey, String componentDid, Clock clock) {
        this.key = ed25519(seedOf(appSecretKey));
        this.componentDid = componentDid;
        this.clock = clock;
    }

    /**
     * The headers for one request.
     *
     * @param method   the HTTP method
     * @param path     the path as sent, without query (percent-encoding kept)
     * @param rawQuery the query string as sent, or null
     * @param body     the JSON body as the server will parse it, or null for none ({@code {}} is signed)
     */
    public Map<String, String> headers(String method, String path, String rawQuery, JsonNode body) {
        long iat = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        if (componentDid != null && !componentDid.isBlank()) {
            headers.put("x-component-did", componentDid);
        }
        headers.put("x-component-sig", "0x" + HEX.formatHex(sign(canonical(method, path, rawQuery, body, iat))));
        headers.put("x-component-sig-iat", Long.toString(iat));
        headers.put("x-component-sig-exp", Long.toString(iat + VALID_SECONDS));
        headers.put("x-component-sig-version", VERSION);
        return headers;
    }

    /** The text that is signed: the stable JSON of {@code {body, exp, iat, method, query, url}}. */
    static String canonical(String method, String path, String rawQuery, JsonNode body, long iat) {
        ObjectNode signed = JsonNodeFactory.instance.objectNode();
        signed.set("body", body == null || body.isNull() ? JsonNodeFactory.instance.objectNode() : body);
        signed.put("exp", iat + VALID_SECONDS);
        signed.put("iat", iat);
        signed.put("method", method.toLowerCase(Locale.ROOT));
        signed.set("query", query(rawQuery));
        signed.put("url", path);
        return StableJson.write(signed);
    }

    /** ED25519 over the SHA3-256 digest of the UTF-8 text (@ocap/wallet hashes before it signs). */
    byte[] sign(String canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA3-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(digest);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ED25519 / SHA3-256 signing is unavailable", e);
        }
    }

    /**
     * What {@code qs.parse} makes of the query we send: flat {@code k=v} pairs, URL-decoded
     * ({@code +} is a space), every value a string. Our client never sends repeated or bracketed
     * keys, which qs would turn into arrays or objects; they are refused rather than signed wrongly.
     */
    static ObjectNode query(String rawQuery) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (query.has(name) || name.contains("[")) {
                throw new IllegalArgumentException("a query qs would not read as flat strings: " + name);
            }
            query.put(name, value);
        }
        return query;
    }

    private static byte[] seedOf(String appSecretKey) {
        if (appSecretKey == null) {
            throw new IllegalArgumentException("the app secret key is not set");
        }
        String hex = appSecretKey.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (!hex.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{128}")) {
            // never echo the value: it is a secret
            throw new IllegalArgumentException("the app secret key must be 64 or 128 hex digits (optionally 0x-prefixed)");
        }
        return HEX.parseHex(hex.substring(0, 64));
    }

    private static PrivateKey ed25519(byte[] seed) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ED25519 is unavailable", e);
        }
    }
}
