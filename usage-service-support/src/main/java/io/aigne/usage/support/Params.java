package io.aigne.usage.support;

import java.util.Arrays;
import java.util.List;

/**
 * Query parameters arrive as strings and are parsed here, so a malformed value is a 400 with a
 * reason instead of JAX-RS's silent 404.
 */
public final class Params {
    private Params() {
    }

    public static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be an integer.");
        }
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

    public static String text(String name, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw ProblemException.badRequest(name + " must be 1-" + maxLength + " characters.");
        }
        return value;
    }
}
