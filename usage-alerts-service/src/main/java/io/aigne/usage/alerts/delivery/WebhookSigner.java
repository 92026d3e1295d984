package io.aigne.usage.alerts.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of a webhook delivery (docs/alerts.md "Webhooks"): {@code X-Aigne-Delivery} (the same
 * on every retry), {@code X-Aigne-Timestamp} (unix seconds of this attempt) and
 * {@code X-Aigne-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, secret and body
 * as UTF-8 — what a receiver computes with Node's {@code createHmac('sha256', secret).update(ts + '.' + rawBody)}.
 */
public final class WebhookSigner {
    public static final String DELIVERY = "X-Aigne-Delivery";
    public static final String TIMESTAMP = "X-Aigne-Timestamp";
    public static final String SIGNATURE = "X-Aigne-Signature";

    private WebhookSigner() {
    }

    /** {@code v1=} and the hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    public static String signature(String secret, long timestamp, String body) {
        return "v1=" + hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    }

    /** The three X-Aigne headers plus {@code Content-Type}, in that order. */
    public static Map<String, String> headers(String deliveryId, long timestamp, String body, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(DELIVERY, deliveryId);
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(SIGNATURE, signature(secret, timestamp, body));
        return headers;
    }

    static String hmacSha256Hex(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key is legal for HMAC but not for SecretKeySpec: HMAC pads keys with zeros, so one zero byte is the same key
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
