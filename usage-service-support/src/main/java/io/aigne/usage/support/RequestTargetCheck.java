package io.aigne.usage.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw request target (path and query, still percent-encoded) decodes to storable text:
 * every {@code %} starts two hex digits, the bytes are strict UTF-8 (which also refuses encoded
 * surrogates and overlong forms) and nothing decodes to U+0000. Checked once for every request,
 * so no parameter of any endpoint can carry such text to the database.
 */
public final class RequestTargetCheck {
    private RequestTargetCheck() {
    }

    /** Why the target is refused, or null when it is fine. Never echoes the value. */
    public static String problemIn(String target) {
        byte[] bytes = new byte[target.length()];
        int n = 0;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                int hi = hexAt(target, i + 1);
                int lo = hexAt(target, i + 2);
                if (hi < 0 || lo < 0) {
                    return "The request URI holds an invalid percent-encoding.";
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c > 0xFF) {
                // the HTTP codec gives one char per byte; anything wider did not come from the wire
                return "The request URI holds characters that are not valid UTF-8.";
            } else {
                bytes[n++] = (byte) c;
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return "The request URI holds characters that are not valid UTF-8 (such as an unpaired surrogate).";
        }
        if (decoded.indexOf('\u0000') >= 0) {
            return "The request URI holds a NUL character, which no parameter may contain.";
        }
        return null;
    }

    /** The ASCII hex digit's value, or -1 (also for other scripts' digits, which Character.digit takes). */
    private static int hexAt(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
