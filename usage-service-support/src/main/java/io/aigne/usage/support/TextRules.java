package io.aigne.usage.support;

/**
 * What text PostgreSQL can store and compare exactly: no U+0000 (refused by {@code text}) and no
 * unpaired surrogate (would be written as '?', so two different strings could become one).
 */
public final class TextRules {
    private TextRules() {
    }

    public static boolean isStorable(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
