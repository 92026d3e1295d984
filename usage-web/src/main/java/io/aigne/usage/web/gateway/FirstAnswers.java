package io.aigne.usage.web.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.web.config.WebConfig;
import io.aigne.usage.web.gateway.GatewayRoutes.Upstream;
import io.aigne.usage.web.session.SessionResolver;
import io.aigne.usage.web.session.UserSession;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The first answers of the Dashboard and Project Detail, asked by usage-web itself while it serves the
 * page's HTML and put into it (docs/web.md "First load"): the browser's scripts then find the cards'
 * numbers already there instead of asking for them after the libraries have been evaluated.
 *
 * <p>Only for a signed-in user, with that user's token, never cached or shared: each HTML carries the
 * answers of its own request's session. The requests are exactly those the page itself would send
 * for its range when opened at the same instant in the browser's time zone (the {@code usage_tz}
 * cookie the pages set): same paths, same query strings, so the same answers; the page takes an answer
 * only for the very URL it would ask (prefetch.ts), anything else it asks for itself. Only the preset
 * ranges (the default 30 days, {@code range=7d|30d|90d}) are answered; a custom range, an unknown zone,
 * a signed-out visitor, an answer other than a 200 with JSON, or one that is not there within
 * {@code usage.web.first-answers.deadline} is simply left out.
 */
@ApplicationScoped
public class FirstAnswers {
    private static final Logger LOG = Logger.getLogger(FirstAnswers.class);
    /** The id of the {@code <script type="application/json">} element the pages read (firstAnswers.ts). */
    public static final String ELEMENT_ID = "usage-first-answers";
    /** The browser's IANA time zone, set by the pages (main.tsx). */
    public static final String TZ_COOKIE = "usage_tz";
    private static final String API = "/api/usage/";
    private static final int DEFAULT_DAYS = 30;
    private static final Set<Integer> PRESETS = Set.of(7, 30, 90);
    private static final Pattern PRESET = Pattern.compile("(\\d+)d");
    private static final Pattern PROJECT = Pattern.compile("/usage/projects/([^/]+)");
    // what Intl's resolvedOptions().timeZone gives: IANA names ("Europe/Berlin", "Etc/GMT+5", "UTC")
    private static final Pattern ZONE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_+\\-/]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One request of a page: the service and the path with its query, exactly as the page's script builds it. */
    public record Ask(Upstream upstream, String pathAndQuery) {
    }

    @Inject
    WebConfig config;

    @Inject
    SessionResolver sessions;

    @Inject
    UpstreamClient upstream;

    @Inject
    Clock clock;

    private QuietAfterLate quiet;

    @PostConstruct
    void init() {
        quiet = new QuietAfterLate(config.firstAnswers().quietAfterLate(), System::nanoTime);
    }

    /**
     * Starts the first requests of the page at {@code rawPath} for the signed-in user of {@code headers};
     * empty when there is nothing to ask (another page, a custom range, no usable time zone, nobody
     * signed in, switched off). Nothing is sent to a service before the session is known.
     */
    public Optional<Pending> start(String rawPath, String rawQuery, HttpHeaders headers) {
        // the deadline covers the session lookup too: the HTML never waits longer than it says
        long deadline = System.nanoTime() + config.firstAnswers().deadline().toNanos();
        if (!config.firstAnswers().enabled() || quiet.isOn()) {
            return Optional.empty();
        }
        Optional<ZoneId> zone = zoneOf(headers);
        if (zone.isEmpty()) {
            return Optional.empty();
        }
        long at = clock.instant().getEpochSecond();
        List<Ask> asks = requestsOf(rawPath, rawQuery, zone.get(), Instant.ofEpochSecond(at));
        if (asks.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserSession> session;
        try {
            session = sessions.resolve(headers);
        } catch (RuntimeException e) {
            // an ended or refused sign-in: the page finds out for itself, as without this
            LOG.debugf("first answers: no session: %s", e.toString());
            return Optional.empty();
        }
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Map<String, CompletableFuture<HttpResponse<byte[]>>> asked = new LinkedHashMap<>();
        for (Ask ask : asks) {
            asked.put(ask.pathAndQuery(), upstream.getAsync(ask.upstream(), ask.pathAndQuery(), session.get().accessToken()));
        }
        return Optional.of(new Pending(at, zone.get().getId(), asked, deadline, quiet::late));
    }

    /** The requests under way for one HTML answer. */
    public static final class Pending {
        private final long at;
        private final String tz;
        private final Map<String, CompletableFuture<HttpResponse<byte[]>>> asked;
        private final long deadlineNanos;
        private final Runnable onLate;

        Pending(long at, String tz, Map<String, CompletableFuture<HttpResponse<byte[]>>> asked, long deadlineNanos, Runnable onLate) {
            this.at = at;
            this.tz = tz;
            this.asked = asked;
            this.deadlineNanos = deadlineNanos;
            this.onLate = onLate;
        }

        /** Every request still under way is given up (the browser went away before the answers were written). */
        public void cancel() {
            asked.values().forEach(f -> f.cancel(true));
        }

        /**
         * Waits for the answers until the deadline, then gives the script element with those that came
         * (a 200 with JSON), or {@code ""} when none did; the others are cancelled (the page asks itself).
         */
        public String script() {
            try {
                CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new))
                        .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // some are late or failed: those are left out below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Map<String, String> answers = new LinkedHashMap<>();
            asked.forEach((url, future) -> {
                if (future.isDone() && !future.isCompletedExceptionally()) {
                    accepted(future.join()).ifPresent(json -> answers.put(url, json));
                } else {
                    future.cancel(true);
                    LOG.debugf("first answers: %s not there in time", url);
                    onLate.run();
                }
            });
            return answers.isEmpty() ? "" : element(at, tz, answers);
        }
    }

    /** The answer's JSON text when it is one the page would take as it is: a 200 whose body is one JSON value. */
    static Optional<String> accepted(HttpResponse<byte[]> answer) {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (answer.statusCode() != 200 || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return Optional.empty();
        }
        try {
            String text = strictUtf8(answer.body());
            JSON.readTree(text);
            return Optional.of(text);
        } catch (CharacterCodingException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code <script type="application/json" id="usage-first-answers">{"at":…,"tz":…,"answers":{url: answer,…}}</script>}.
     * The answers go in as the service wrote them; then every {@code <}, {@code >} and {@code &} (which in
     * JSON can only stand inside strings) becomes its {@code \}{@code u} escape, so no string in any answer
     * can end the element ({@code </script>}) or open a comment, and JSON.parse reads the same values.
     */
    static String element(long at, String tz, Map<String, String> answers) {
        StringBuilder json = new StringBuilder("{\"at\":").append(at).append(",\"tz\":").append(quote(tz)).append(",\"answers\":{");
        String comma = "";
        for (Map.Entry<String, String> a : answers.entrySet()) {
            json.append(comma).append(quote(a.getKey())).append(':').append(a.getValue());
            comma = ",";
        }
        json.append("}}");
        return "<script type=\"application/json\" id=\"" + ELEMENT_ID + "\">" + htmlSafe(json) + "</script>";
    }

    /** JSON text that cannot end or confuse the script element it stands in; the same JSON value. */
    static String htmlSafe(CharSequence json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The browser's zone from the {@code usage_tz} cookie, when it names one Java knows. */
    static Optional<ZoneId> zoneOf(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(TZ_COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        String name;
        try {
            name = URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a broken escape ("%", "%zz"): no zone, the plain page
        }
        if (!ZONE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            ZoneId zone = ZoneId.of(name);
            // the page compares this name with its own, so it must come back as sent
            return zone.getId().equals(name) ? Optional.of(zone) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The first requests of the page at {@code rawPath} (with the page's own query string), as the page
     * builds them (features/firstRequests.ts, dashboardRequests.ts, projectRequests.ts) when opened at
     * {@code now} in {@code zone}; empty for any other page or a range that is not a preset.
     */
    public static List<Ask> requestsOf(String rawPath, String rawQuery, ZoneId zone, Instant now) {
        Optional<Integer> days = presetDays(rawQuery);
        if (days.isEmpty() || rawPath == null) {
            return List.of();
        }
        long end = now.getEpochSecond();
        String range = "startTime=" + startOfLastDays(days.get(), zone, now) + "&endTime=" + end;
        String granularity = days.get() <= 7 ? "hour" : "day";
        String tz = URLEncoder.encode(zone.getId(), StandardCharsets.UTF_8);
        List<Ask> asks = new ArrayList<>();
        if (rawPath.equals("/usage/dashboard")) {
            asks.add(new Ask(Upstream.QUOTA, API + "quota"));
            asks.add(new Ask(Upstream.QUERY, API + "overview?" + range + "&compare=previous"));
            asks.add(new Ask(Upstream.QUERY, API + "trends?" + range + "&granularity=" + granularity + "&tz=" + tz));
            // the credits card's 7-day spend
            String week = "startTime=" + startOfLastDays(7, zone, now) + "&endTime=" + end;
            asks.add(new Ask(Upstream.QUERY, API + "trends?" + week + "&granularity=day&tz=" + tz));
        } else {
            Matcher m = PROJECT.matcher(rawPath);
            if (!m.matches()) {
                return List.of();
            }
            Optional<String> appDid = decodeComponent(m.group(1));
            if (appDid.isEmpty() || appDid.get().contains("/")) {
                return List.of(); // the gateway refuses a project whose decoded name holds a "/" (as %2F)
            }
            String project = API + "projects/" + encodeComponent(appDid.get()) + "/";
            asks.add(new Ask(Upstream.QUERY, project + "stats?" + range + "&compare=previous"));
            asks.add(new Ask(Upstream.QUERY, project + "trends?" + range + "&granularity=" + granularity + "&tz=" + tz));
            asks.add(new Ask(Upstream.QUERY, project + "models?" + range));
        }
        // only what the gateway itself would pass on (e.g. never a project "." or "..")
        return asks.stream().filter(FirstAnswers::routed).distinct().toList();
    }

    private static boolean routed(Ask ask) {
        String path = ask.pathAndQuery().substring(API.length()).replaceFirst("\\?.*", "");
        return GatewayRoutes.find(path).filter(r -> r.upstream() == ask.upstream() && r.methods().contains("GET") && !r.streamed()).isPresent();
    }

    /**
     * The page's preset (pageRange.ts parsePageRange): {@code range=Nd} for 7, 30 or 90 days, the default 30
     * for anything else; empty when the address names custom dates ({@code from}, {@code to}), which are not answered here.
     */
    static Optional<Integer> presetDays(String rawQuery) {
        String range = null;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name;
                String value;
                try {
                    name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                if (name.equals("from") || name.equals("to")) {
                    return Optional.empty();
                }
                if (name.equals("range") && range == null) {
                    range = value; // URLSearchParams.get: the first
                }
            }
        }
        Matcher m = range == null ? null : PRESET.matcher(range);
        if (m != null && m.matches() && m.group(1).length() <= 3) {
            int days = Integer.parseInt(m.group(1));
            if (PRESETS.contains(days)) {
                return Optional.of(days);
            }
        }
        return Optional.of(DEFAULT_DAYS);
    }

    /** range.ts lastDays: 00:00 in {@code zone} of the day {@code days} − 1 days before today (the earliest valid time on a DST day). */
    static long startOfLastDays(int days, ZoneId zone, Instant now) {
        return now.atZone(zone).toLocalDate().minusDays(days - 1L).atStartOfDay(zone).toEpochSecond();
    }

    /** JavaScript's encodeURIComponent. */
    static String encodeComponent(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** JavaScript's decodeURIComponent ({@code +} stays {@code +}); empty where it would throw. */
    static Optional<String> decodeComponent(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            if (s.charAt(i) == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return Optional.of(strictUtf8(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The text of UTF-8 bytes; refused (not replaced with U+FFFD) where they are not UTF-8. */
    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
