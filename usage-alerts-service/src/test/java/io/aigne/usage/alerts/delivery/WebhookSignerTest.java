package io.aigne.usage.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook signature against RFC 4231's vectors and a second, hand-written HMAC (RFC 2104 over MessageDigest). */
class WebhookSignerTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc4231Vectors() {
        byte[] key1 = new byte[20];
        Arrays.fill(key1, (byte) 0x0b);
        assertThat(WebhookSigner.hmacSha256Hex(key1, "Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(WebhookSigner.hmacSha256Hex("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        byte[] key6 = new byte[131];
        Arrays.fill(key6, (byte) 0xaa);
        assertThat(WebhookSigner.hmacSha256Hex(key6,
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    /** HMAC written out (RFC 2104): H((K ^ opad) || H((K ^ ipad) || m)), 64-byte blocks, long keys hashed first. */
    static String referenceHmac(byte[] key, byte[] message) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] k = key.length > 64 ? sha.digest(key) : key;
        byte[] block = Arrays.copyOf(k, 64);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        sha.reset();
        sha.update(inner);
        byte[] innerHash = sha.digest(message);
        sha.reset();
        sha.update(outer);
        return HEX.formatHex(sha.digest(innerHash));
    }

    @Test
    void signatureIsV1HmacOfTimestampDotBody() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"whsec_3f9a0c", "{\"event\":\"opened\",\"value\":7.5}"},
                new String[] {"sécret-ключ-秘密", "{\"message\": \"Error rate 7.5 % ≥ 5 % — 预算 80 %\", \"userDid\": \"did:abt:alice\"}"},
                new String[] {"x".repeat(100), ""},
                new String[] {"", "{}"});
        for (String[] c : cases) {
            long ts = 1764461000L;
            String expected = "v1=" + referenceHmac(c[0].getBytes(StandardCharsets.UTF_8), (ts + "." + c[1]).getBytes(StandardCharsets.UTF_8));
            assertThat(WebhookSigner.signature(c[0], ts, c[1])).as(c[0]).isEqualTo(expected);
            assertThat(expected).matches("v1=[0-9a-f]{64}");
        }
        // every part counts: the timestamp, the body, the secret
        String base = WebhookSigner.signature("whsec_a", 1764461000L, "{}");
        assertThat(WebhookSigner.signature("whsec_a", 1764461001L, "{}")).isNotEqualTo(base);
        assertThat(WebhookSigner.signature("whsec_a", 1764461000L, "{ }")).isNotEqualTo(base);
        assertThat(WebhookSigner.signature("whsec_b", 1764461000L, "{}")).isNotEqualTo(base);
    }

    @Test
    void headersAsTheDocsNameThem() throws Exception {
        String body = "{\"id\":42,\"event\":\"resolved\"}";
        Map<String, String> headers = WebhookSigner.headers("7d3c2b1a-0000-4000-8000-000000000001", 1764461000L, body, "whsec_k");
        assertThat(headers.keySet()).containsExactly("Content-Type", "X-Aigne-Delivery", "X-Aigne-Timestamp", "X-Aigne-Signature");
        assertThat(headers).containsEntry("Content-Type", "application/json")
                .containsEntry("X-Aigne-Delivery", "7d3c2b1a-0000-4000-8000-000000000001")
                .containsEntry("X-Aigne-Timestamp", "1764461000")
                .containsEntry("X-Aigne-Signature", "v1=" + referenceHmac("whsec_k".getBytes(StandardCharsets.UTF_8),
                        ("1764461000." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
