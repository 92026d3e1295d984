package io.aigne.usage.events;

/**
 * Text that every store and every hop can carry unchanged: PostgreSQL refuses U+0000 in text and
 * jsonb, and an unpaired UTF-16 surrogate has no UTF-8 form (it silently becomes '?', so two
 * different ids could collide).
 */
public final class TextRules {
    private TextRules() {
    }

    /** Why {@code s} cannot be stored as it is, or null when it can. */
    public static String problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\u0000') {
                return "must not contain U+0000";
            }
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a proper pair: one supplementary character
            } else if (Character.isSurrogate(ch)) {
                return "must not contain unpaired UTF-16 surrogates";
            }
        }
        return null;
    }

    /** The first {@code max} characters, never cutting a surrogate pair in half. */
    public static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
