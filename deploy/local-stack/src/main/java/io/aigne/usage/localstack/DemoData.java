package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo data set: a few users with several projects and models, 90 days of history with
 * daily and weekly rhythm, some failures, a burst of rate-limit failures an hour ago, and a few
 * calls in the current hour (one still processing). Deterministic for a given {@code now}: ids derive from the user, day and index, so
 * loading it twice stores nothing twice.
 */
public final class DemoData {
    public record DemoUser(String userDid, List<String> projects, int callsPerDay) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("did:abt:demo-alice", List.of("did:app:alice-chatbot", "did:app:alice-search", "did:app:alice-images",
                    "did:app:alice-agents"), 220),
            new DemoUser("did:abt:demo-bob", List.of("did:app:bob-support", "did:app:bob-analytics"), 90),
            new DemoUser("did:abt:demo-carol", List.of("did:app:carol-writer", "did:app:carol-voice", "did:app:carol-labs"), 45),
            new DemoUser("did:abt:demo-dave", List.of(), 0));

    /** Whose busiest project had the incident an hour ago (the demo alert rule watches it). */
    static final String INCIDENT_USER = "did:abt:demo-alice";
    static final int INCIDENT_FAILURES = 5;

    /** What the demo projects are called, as AIGNE Hub's Projects table would tell: one has no name (the DID shows). */
    public record DemoProfile(String appDid, String name, String logoUrl, String appUrl) {
    }

    public static final List<DemoProfile> PROFILES = List.of(
            new DemoProfile("did:app:alice-chatbot", "Alice's Chatbot", "https://www.arcblock.io/.well-known/service/blocklet/logo",
                    "https://chat.alice.example"),
            new DemoProfile("did:app:alice-search", "Knowledge Search", null, "https://search.alice.example"),
            new DemoProfile("did:app:alice-images", "Image Studio", null, null),
            // did:app:alice-agents stays unnamed
            new DemoProfile("did:app:bob-support", "Support Desk", null, null),
            new DemoProfile("did:app:bob-analytics", "Analytics Copilot", null, null),
            new DemoProfile("did:app:carol-writer", "Writer", null, null),
            new DemoProfile("did:app:carol-voice", "Voice Notes", null, null),
            new DemoProfile("did:app:carol-labs", "Labs", null, null));

    private record Model(String name, String provider, String type, double medianMs, BigDecimal creditsPerToken) {
    }

    private static final List<Model> MODELS = List.of(
            new Model("gpt-4o", "openai", "chatCompletion", 1800, new BigDecimal("0.0000050000")),
            new Model("gpt-4o-mini", "openai", "chatCompletion", 700, new BigDecimal("0.0000006000")),
            new Model("claude-3-5-sonnet", "anthropic", "chatCompletion", 2200, new BigDecimal("0.0000060000")),
            new Model("gemini-1.5-flash", "google", "chatCompletion", 600, new BigDecimal("0.0000003500")),
            new Model("text-embedding-3-small", "openai", "embedding", 120, new BigDecimal("0.0000000200")),
            new Model("dall-e-3", "openai", "imageGeneration", 9000, new BigDecimal("0.0400000000")),
            new Model("tts-1", "openai", "audioGeneration", 1500, new BigDecimal("0.0000150000")));

    private DemoData() {
    }

    /** Every event of the data set for a clock reading of {@code now} (Unix seconds). */
    public static List<ObjectNode> events(long now) {
        List<ObjectNode> events = new ArrayList<>();
        long today = Math.floorDiv(now, 86_400) * 86_400;
        for (DemoUser user : USERS) {
            if (user.projects().isEmpty()) {
                continue;
            }
            for (int daysAgo = 90; daysAgo >= 0; daysAgo--) {
                long dayStart = today - daysAgo * 86_400L;
                Random random = new Random((user.userDid() + dayStart).hashCode());
                int weekday = (int) Math.floorMod(Math.floorDiv(dayStart, 86_400) + 4, 7); // 0 = Sunday
                double rhythm = (weekday == 0 || weekday == 6 ? 0.45 : 1.0) * (0.8 + 0.4 * random.nextDouble());
                int calls = (int) Math.round(user.callsPerDay() * rhythm);
                for (int i = 0; i < calls; i++) {
                    long callTime = dayStart + random.nextInt(86_400);
                    if (callTime > now - 3_600) {
                        continue; // the current hour gets its own calls below
                    }
                    events.add(call(user, random, "d" + dayStart + "-" + i, callTime, false));
                }
            }
            long hourStart = Math.floorDiv(now, 3_600) * 3_600;
            if (user.userDid().equals(INCIDENT_USER)) {
                incident(user, hourStart, now, events);
            }
            Random random = new Random(now / 3_600 + user.userDid().hashCode());
            for (int i = 0; i < 6; i++) {
                long callTime = Math.min(now, hourStart + random.nextInt((int) Math.max(1, now - hourStart + 1)));
                events.add(call(user, random, "h" + hourStart + "-" + i, callTime, i == 5));
            }
        }
        return events;
    }

    /**
     * A burst of rate-limit failures on the busiest project an hour ago, so the demo error-rate rule
     * always has something to report: the random 3–8 % alone leave a 24-hour window of ~75 calls
     * under the rule's 2 % on some days. History (older than an hour): loaded once, like the rest.
     */
    private static void incident(DemoUser user, long hourStart, long now, List<ObjectNode> events) {
        Random random = new Random(hourStart);
        for (int i = 0; i < INCIDENT_FAILURES; i++) {
            ObjectNode e = call(user, random, "incident" + hourStart + "-" + i, now - 3_600 - 60 * (i + 1), false);
            e.put("appDid", user.projects().get(0));
            e.put("status", "failed");
            e.put("totalUsage", 0);
            e.put("credits", BigDecimal.ZERO);
            e.put("errorReason", "Rate limit exceeded (429)");
            events.add(e);
        }
    }

    private static ObjectNode call(DemoUser user, Random random, String key, long callTime, boolean processing) {
        // the first project is the busiest
        int p = Math.min(user.projects().size() - 1, (int) Math.floor(Math.pow(random.nextDouble(), 1.7) * user.projects().size()));
        Model model = MODELS.get(random.nextInt(MODELS.size()));
        boolean failed = random.nextDouble() < (model.name().equals("claude-3-5-sonnet") ? 0.08 : 0.03);
        long usage = model.type().equals("imageGeneration") ? 1 + random.nextInt(2) : 50 + random.nextInt(3_000);
        // log-normal latency with a heavy tail
        double duration = Math.round(model.medianMs() * Math.exp(0.45 * random.nextGaussian()) * 10) / 10.0;
        BigDecimal credits = failed || processing ? BigDecimal.ZERO
                : model.creditsPerToken().multiply(BigDecimal.valueOf(usage)).setScale(10, RoundingMode.HALF_UP);
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "demo-" + Integer.toHexString(user.userDid().hashCode()) + "-" + key);
        e.put("userDid", user.userDid());
        e.put("appDid", user.projects().get(p));
        e.put("model", model.name());
        e.put("providerId", model.provider());
        e.put("type", model.type());
        e.put("status", processing ? "processing" : failed ? "failed" : "success");
        e.put("durationMs", processing ? 0 : duration);
        e.put("totalUsage", failed || processing ? 0 : usage);
        e.put("credits", credits);
        e.put("callTime", callTime);
        e.put("errorReason", failed ? (random.nextBoolean() ? "Rate limit exceeded (429)" : "Upstream timeout after 60s") : null);
        e.putObject("usageMetrics").put("inputTokens", usage * 2 / 3).put("outputTokens", usage - usage * 2 / 3);
        e.putObject("metadata").put("endpoint", "/api/v2/" + model.type()).put("region", random.nextBoolean() ? "us-east" : "eu-west");
        e.put("requestId", "req-" + key);
        e.put("schemaVersion", 1);
        return e;
    }
}
