package io.aigne.usage.support;

import io.aigne.usage.events.TextRules;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Query parameters arrive as strings and are parsed here, so a malformed value is a 400 with a
 * reason instead of JAX-RS's silent 404.
 */
public final class Params {
    /** An optional sign and at most 19 ASCII digits: what a long can hold, nothing wider to parse. */
    private static final int MAX_INTEGER_CHARS = 20;
    /** Enough for any duration in ms with a fraction; longer is not a plausible bound, only work to parse. */
    private static final int MAX_DECIMAL_CHARS = 32;
    // ASCII digits with an optional fraction: no sign, exponent, spaces or other scripts' digits
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

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

    /**
     * The non-empty values of a repeated parameter ({@code model=a&model=b}), each checked like
     * {@link #text}; at most {@code maxCount} of them. An empty value means "not given", like an
     * empty single parameter; none given → an empty list.
     */
    public static List<String> texts(String name, List<String> values, int maxCount, int maxLength) {
        if (values == null) {
            return List.of();
        }
        List<String> given = values.stream().filter(v -> v != null && !v.isEmpty()).toList();
        if (given.size() > maxCount) {
            throw ProblemException.badRequest(name + " may be given at most " + maxCount + " times.");
        }
        return given.stream().map(v -> text(name, v, maxLength)).distinct().toList();
    }

    /**
     * A number ≥ 0 in ASCII digits with an optional fraction ({@code 1500}, {@code 1500.25}); no
     * sign, exponent or other scripts' digits, so one value has one spelling. Null stays null.
     */
    public static BigDecimal nonNegativeDecimal(String name, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.length() > MAX_DECIMAL_CHARS || !DECIMAL.matcher(v).matches()) {
            throw ProblemException.badRequest(name + " must be a number >= 0 (digits with an optional fraction, e.g. 1500.5).");
        }
        return new BigDecimal(v);
    }

    /** {@code true} or {@code false}, else 400; null stays null. */
    public static Boolean bool(String name, String value) {
        String v = oneOf(name, value, "true", "false");
        return v == null ? null : Boolean.valueOf(v);
    }
}
