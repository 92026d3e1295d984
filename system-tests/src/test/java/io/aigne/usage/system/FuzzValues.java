package io.aigne.usage.system;

import java.util.List;
import java.util.Random;

/**
 * Seeded parameter values for the edge fuzz, written as they go into a request target (already
 * percent-encoded): plausible ones, so requests get past the first check, and evil ones — numbers
 * past any range, NUL, encoded surrogates, broken %-escapes, very long text, other scripts'
 * digits, wrong types, empty. None contains a word the leak check looks for.
 */
final class FuzzValues {
    static final List<String> HUGE = List.of("9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "99999999999999999999999999", "253402300799", "253402300800", "1e309", "2147483648", "-2147483649");
    static final List<String> NEGATIVE = List.of("-1", "-86400", "-0", "-366");
    static final List<String> NUL = List.of("%00", "a%00b", "%00%00", "did%3Aabt%3A%00");
    static final List<String> BAD_TEXT = List.of("%ED%A0%80", "%ED%BF%BF", "x%ED%A0%80y", "%C0%80", "%FF%FE", "%C3", "%80");
    static final List<String> BAD_PERCENT = List.of("%", "%zz", "%4", "%%", "%G1", "%u0041", "a%2");
    static final List<String> WRONG_TYPE = List.of("abc", "true", "%5B%5D", "%7B%7D", "null", "1.5", "0x10", "%201", "1%20",
            "+1", "1e3", "NaN", "Infinity");
    static final List<String> OTHER_DIGITS = List.of("%D9%A3", "%D9%A1%D9%A2", "%EF%BC%91", "%E0%A5%A7", "%DB%B5");
    static final List<String> ODD_TEXT = List.of("%E4%BD%A0%E5%A5%BD", "%F0%9F%98%80", "'%20OR%201%3D1--", "%22", "%3Cb%3E",
            "..%2F..%2F", "%2F", "+", "%20", "%0A", "%0D%0A", "%7F", "%01", "%E2%80%AE", "%EF%BB%BF", "%5C");
    /** Characters java.net.URI refuses: Quarkus answers these targets before any of our code runs. */
    static final List<String> NOT_URI = List.of("|", "%7C%7C|", "{", "a%20b\"", "%5E^");
    static final List<String> ZONES = List.of("UTC", "Asia/Kathmandu", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Pacific/Kiritimati", "Etc%2FGMT%2B12", "Z", "%2B05%3A45", "UTC%2B14", "Mars/Olympus", "");

    private final Random random;
    private final long now;

    FuzzValues(Random random, long now) {
        this.random = random;
        this.now = now;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    double fraction() {
        return random.nextDouble();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A value for parameter {@code name}: plausible about half the time, otherwise evil. */
    String valueFor(String name) {
        return chance(0.45) ? plausible(name) : evil();
    }

    String evil() {
        return switch (random.nextInt(11)) {
            case 0 -> pick(HUGE);
            case 1 -> pick(NEGATIVE);
            case 2 -> pick(NUL);
            case 3 -> pick(BAD_TEXT);
            case 4 -> pick(BAD_PERCENT);
            case 5 -> pick(WRONG_TYPE);
            case 6 -> pick(OTHER_DIGITS);
            case 7 -> pick(ODD_TEXT);
            case 8 -> chance(0.3) ? pick(NOT_URI) : "";
            case 9 -> "x".repeat(chance(0.2) ? 8_300 + random.nextInt(700) : 1 + random.nextInt(700));
            default -> plausible(pick(List.of("startTime", "page", "tz", "userDid"))) + pick(List.of("%00", "0", "x", "%20"));
        };
    }

    String plausible(String name) {
        return switch (name) {
            case "startTime", "from" -> Long.toString(now - random.nextInt(400 * 86_400));
            case "endTime", "to" -> Long.toString(now - random.nextInt(86_400 * 3));
            case "timeRange" -> Integer.toString(pick(List.of(1, 7, 30, 90, 92, 366, 367, 0)));
            case "page" -> Integer.toString(1 + random.nextInt(4));
            case "pageSize" -> Integer.toString(pick(List.of(1, 20, 100, 101, 0)));
            case "granularity" -> pick(List.of("hour", "day", "week", "HOUR"));
            case "tz" -> pick(ZONES);
            case "compare" -> pick(List.of("previous", "next", "PREVIOUS"));
            case "sort" -> pick(List.of("calls", "credits", "time", "duration", "cost"));
            case "status" -> pick(List.of("success", "failed", "processing", "done"));
            case "model" -> pick(List.of("gpt-4o", "claude-3-5-sonnet", "nope"));
            case "q" -> pick(List.of("fuzz", "app", "did%3Aapp", "a"));
            case "type" -> pick(List.of("grant", "consumption", "adjustment", "expiration", "refund"));
            case "repair" -> pick(List.of("false", "no", "FALSE", "1"));
            case "userDid" -> pick(List.of("did%3Aabt%3Afuzz-other", "did%3Aabt%3Anobody"));
            default -> Integer.toString(random.nextInt(100));
        };
    }
}
