package io.aigne.usage.quota.client.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Signs a request the way @blocklet/sdk 1.17.12's component call does ({@code util/verify-sign.js}
 * {@code getSignData} + {@code sign}, docs/payment-kit.md "How callers authenticate"): the app
 * wallet ({@link AppWallet}) signs the hash of the stable JSON of {@code {body, exp, iat, method, query, url}},
 * and the request carries the signature and its validity in {@code x-component-sig*} headers.
 */
public final class ComponentCallSigner {
    public static final String VERSION = "1";
    /** The SDK's validity: exp = iat + 5 minutes. */
    static final long VALID_SECONDS = 300;

    private final AppWallet wallet;
    private final String componentDid;
    private final Clock clock;

    /** A signer with the app's default (ED25519) wallet. */
    public ComponentCallSigner(String appSecretKey, String componentDid, Clock clock) {
        this(AppWallet.of("default", appSecretKey), componentDid, clock);
    }

    /**
     * @param wallet the app wallet, from the app's secret key as the Blocklet environment holds it
     *               ({@code BLOCKLET_APP_ASK}/{@code BLOCKLET_APP_SK}) and its chain type ({@link AppWallet#of})
     */
    public ComponentCallSigner(AppWallet wallet, String componentDid, Clock clock) {
        this.wallet = wallet;
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
        headers.put("x-component-sig", wallet.sign(canonical(method, path, rawQuery, body, iat)));
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
}
