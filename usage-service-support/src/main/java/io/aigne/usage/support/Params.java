package io.aigne.usage.support;

import io.aigne.usage.events.TextRules;
import java.util.Arrays;
import java.util.List;

/**
 * Query parameters arrive as strings and are parsed here, so a malformed value is a 400 with a
 * reason instead of JAX-RS's silent 404.
 */
public final class Params {
    /** An optional sign and at most 19 ASCII digits: what a long can hold, nothing wider to parse. */
    private static final int MAX_INTEGER_CHARS = 20;

    private Params() {
    }

    /**
     * A base-10 integer of ASCII digits only: {@link Long#parseLong} also accepts other scripts'
     * digits ("٣" = 3), which would make two spellings of one value.
     */
    public static long parseLong(String name, String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > MAX_INTEGER_CHARS || !asciiInteger(v)) {
            throw ProblemException.badRequest(name + " must be an integer.");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be an integer.");
        }
    }

    private static boolean asciiInteger(String v) {
        int first = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
        if (first == v.length()) {
            return false;
        }
        for (int i = first; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static int intInRange(String name, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        long v = parseLong(name, value);
        if (v < min || v > max) {
            throw ProblemException.badRequest(name + " must be between " + min + " and " + max + ".");
        }
        return (int) v;
    }

    /** The value if it is one of {@code allowed}, else 400; null stays null. */
    public static String oneOf(String name, String value, String... allowed) {
        if (value == null) {
            return null;
        }
        List<String> options = Arrays.asList(allowed);
        if (!options.contains(value)) {
            throw ProblemException.badRequest(name + " must be one of " + options + ".");
        }
        return value;
    }

    /** 1–maxLength characters of storable text (no NUL, no unpaired surrogate); null stays null. */
    public static String text(String name, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw ProblemException.badRequest(name + " must be 1-" + maxLength + " characters.");
        }
        if (TextRules.problem(value) != null) {
            throw ProblemException.badRequest(name + " must be text without NUL characters or unpaired surrogates.");
        }
        return value;
    }
}
