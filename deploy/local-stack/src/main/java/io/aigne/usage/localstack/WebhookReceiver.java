package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local stack's tiny webhook receiver (docs/alerts.md "Webhooks"): on 127.0.0.1:8090 it
 * answers every {@code POST} with 200 and records it — headers, body, and whether the
 * {@code X-Aigne-Signature} verifies with the demo rule's secret ({@code USAGE_DEMO_WEBHOOK_SECRET},
 * system property or environment; {@code unknown} without one) and its timestamp is within
 * 5 minutes. {@code GET /} lists the deliveries newest first as a page, {@code GET /deliveries}
 * as JSON. Keeps the last 500 in memory.
 * <pre>
 * java -cp "deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:deploy/local-stack/target/lib/*" \
 *   -DUSAGE_DEMO_WEBHOOK_SECRET=whsec_… io.aigne.usage.localstack.WebhookReceiver [port]
 * </pre>
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final int PORT = 8090;
    static final int KEEP = 500;
    static final long TOLERANCE_SECONDS = 300;

    /**
     * One POST as received; {@code signature} is {@code valid}, {@code invalid}, {@code stale}
     * (signed correctly more than 5 minutes from now) or {@code unknown} (no secret given);
     * {@code seen} counts the POSTs of this delivery id so far (retries).
     */
    public record Received(long receivedAt, String path, String deliveryId, String signature, int seen, Map<String, String> headers,
            String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;
    private final String secret;
    private final Deque<Received> received = new ArrayDeque<>();

    private WebhookReceiver(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); {@code secret} null or blank: signatures are {@code unknown}. */
    public static WebhookReceiver start(int port, String secret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        WebhookReceiver receiver = new WebhookReceiver(server, secret == null || secret.isBlank() ? null : secret);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return receiver;
    }

    /** The demo rule's secret: system property, else environment {@code USAGE_DEMO_WEBHOOK_SECRET}; null when neither. */
    public static String demoSecret() {
        String value = System.getProperty("USAGE_DEMO_WEBHOOK_SECRET", System.getenv("USAGE_DEMO_WEBHOOK_SECRET"));
        return value == null || value.isBlank() ? null : value;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.parseInt(System.getenv().getOrDefault("USAGE_WEBHOOK_RECEIVER_PORT", Integer.toString(PORT)));
        WebhookReceiver receiver = start(port, demoSecret());
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        System.out.println("webhook receiver on http://127.0.0.1:" + receiver.port() + "/ (signatures "
                + (receiver.secret == null ? "unknown: no USAGE_DEMO_WEBHOOK_SECRET" : "checked") + ")");
        Thread.currentThread().join();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Newest first. */
    public synchronized List<Received> deliveries() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("POST")) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(1 << 20);
                }
                record(path, exchange, new String(body, StandardCharsets.UTF_8));
                send(exchange, 200, "application/json", "{\"received\":true}");
            } else if (method.equals("GET") && path.equals("/deliveries")) {
                send(exchange, 200, "application/json", JSON.writeValueAsString(deliveries()));
            } else if (method.equals("GET") && path.equals("/")) {
                send(exchange, 200, "text/html; charset=utf-8", page());
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "POST a webhook to any path; GET / or /deliveries\n");
            }
        }
    }

    private synchronized void record(String path, HttpExchange exchange, String body) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        String deliveryId = headers.get("x-aigne-delivery");
        int seen = 1 + (int) received.stream().filter(r -> r.deliveryId() != null && r.deliveryId().equals(deliveryId)).count();
        received.addFirst(new Received(Instant.now().getEpochSecond(), path, deliveryId,
                check(headers.get("x-aigne-timestamp"), headers.get("x-aigne-signature"), body), seen, headers, body));
        while (received.size() > KEEP) {
            received.removeLast();
        }
    }

    /** docs/alerts.md's check: v1=hex HMAC-SHA256(secret, timestamp + "." + body), timestamp within 5 minutes. */
    String check(String timestamp, String signature, String body) {
        if (secret == null) {
            return "unknown";
        }
        if (timestamp == null || signature == null) {
            return "invalid";
        }
        String expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return "invalid";
        }
        try {
            return Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < TOLERANCE_SECONDS ? "valid" : "stale";
        } catch (NumberFormatException e) {
            return "invalid";
        }
    }

    private String page() {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Webhook receiver</title><style>
                body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%}
                td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
                .valid{color:#137333}.invalid,.stale{color:#c5221f}.unknown{color:#777}pre{margin:4px 0;white-space:pre-wrap}
                </style></head><body><h1>Webhook receiver</h1>
                """);
        List<Received> list = deliveries();
        html.append("<p>").append(list.size()).append(" POSTs received (newest first, refreshes every 5 s; JSON: <a href=\"/deliveries\">/deliveries</a>). ")
                .append(secret == null ? "Signatures are not checked: start with USAGE_DEMO_WEBHOOK_SECRET." : "Signatures checked with the demo rule's secret.")
                .append("</p>\n<table><tr><th>received (UTC)</th><th>notification</th><th>delivery</th><th>signature</th><th>body and headers</th></tr>\n");
        for (Received r : list) {
            String summary = summary(r.body());
            html.append("<tr><td>").append(escape(Instant.ofEpochSecond(r.receivedAt()).toString())).append("</td><td>")
                    .append(escape(summary)).append("</td><td>").append(escape(String.valueOf(r.deliveryId())))
                    .append(r.seen() > 1 ? " (attempt " + r.seen() + " here)" : "").append("</td><td class=\"").append(r.signature())
                    .append("\">").append(r.signature()).append("</td><td><details><summary>").append(escape(r.path()))
                    .append("</summary><pre>").append(escape(pretty(r.body()))).append("</pre><pre>");
            r.headers().forEach((k, v) -> html.append(escape(k)).append(": ").append(escape(v)).append('\n'));
            html.append("</pre></details></td></tr>\n");
        }
        return html.append("</table></body></html>\n").toString();
    }

    private static String summary(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            List<String> parts = new ArrayList<>();
            for (String field : List.of("ruleName", "event", "message")) {
                if (n.hasNonNull(field)) {
                    parts.add(n.get(field).asText());
                }
            }
            return parts.isEmpty() ? "(no notification fields)" : String.join(" · ", parts);
        } catch (IOException | RuntimeException e) {
            return "(not JSON)";
        }
    }

    private static String pretty(String body) {
        try {
            return JSON.writeValueAsString(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
