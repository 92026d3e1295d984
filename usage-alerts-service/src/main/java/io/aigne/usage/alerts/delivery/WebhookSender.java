package io.aigne.usage.alerts.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One signed {@code POST} of a webhook delivery. The URL is checked by {@link WebhookTargetGuard}
 * right before sending and the connection goes to the address it checked
 * ({@link RequestOptions#setServer}), while the {@code Host} header, TLS SNI and certificate check
 * use the URL's host. Redirects are not followed; the whole exchange (connect, send, answer) has
 * {@code usage.alerts.webhook.timeout} (5 s); each attempt gets a fresh connection.
 */
@ApplicationScoped
public class WebhookSender {
    static final String USER_AGENT = "AIGNE-Hub-Usage-Webhooks/1";
    /** How much of a refusing answer's body the delivery log keeps. */
    static final int SNIPPET = 200;

    /** What one attempt got: the HTTP status (null without an answer), why it failed (null on 2xx), how long it took. */
    public record Result(Integer status, String error, long durationMs) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final Vertx vertx;
    private final WebhookTargetGuard guard;
    private final Clock clock;
    private final long timeoutMs;
    /** SNI sent explicitly for host names; none for IP literals (SNI may not carry an address). */
    private final HttpClient byName;
    private final HttpClient byAddress;

    @Inject
    public WebhookSender(Vertx vertx, WebhookTargetGuard guard, Clock clock,
            @ConfigProperty(name = "usage.alerts.webhook.timeout", defaultValue = "5s") Duration timeout) {
        this(vertx, guard, clock, timeout, options -> {
        });
    }

    /** {@code tls} adjusts the clients' options (a test's trust store). */
    public WebhookSender(Vertx vertx, WebhookTargetGuard guard, Clock clock, Duration timeout, Consumer<HttpClientOptions> tls) {
        this.vertx = vertx;
        this.guard = guard;
        this.clock = clock;
        this.timeoutMs = timeout.toMillis();
        this.byName = vertx.createHttpClient(options(true, tls));
        this.byAddress = vertx.createHttpClient(options(false, tls));
    }

    private HttpClientOptions options(boolean sni, Consumer<HttpClientOptions> tls) {
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(false)
                .setConnectTimeout((int) timeoutMs)
                .setVerifyHost(true)
                .setForceSni(sni)
                .setMaxRedirects(0);
        tls.accept(options);
        return options;
    }

    @PreDestroy
    void close() {
        byName.close();
        byAddress.close();
    }

    /**
     * Posts {@code body} signed with {@code secret} under {@code deliveryId}; completes (never
     * exceptionally) once answered, refused or timed out. Resolves the URL's host on the calling
     * thread: call it from a worker thread, not an event loop.
     */
    public CompletableFuture<Result> send(String url, String deliveryId, String secret, String body) {
        long started = System.nanoTime();
        WebhookTargetGuard.Target target;
        try {
            target = guard.check(url);
        } catch (WebhookTargetGuard.Refused e) {
            return CompletableFuture.completedFuture(new Result(null, "refused: " + e.getMessage(), elapsed(started)));
        }
        long timestamp = clock.instant().getEpochSecond();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs);
        WebhookSigner.headers(deliveryId, timestamp, body, secret).forEach(request::putHeader);
        request.putHeader("User-Agent", USER_AGENT);

        CompletableFuture<Result> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (result.complete(new Result(null, "no answer within " + Duration.ofMillis(timeoutMs).toSeconds() + " s", elapsed(started)))) {
                HttpClientRequest r = sent.get();
                if (r != null) {
                    r.reset();
                }
            }
        });
        result.whenComplete((r, e) -> vertx.cancelTimer(timer));
        HttpClient client = WebhookTargetGuard.isLiteral(target.host()) ? byAddress : byName;
        client.request(request).onFailure(e -> result.complete(failure(e, started))).onSuccess(req -> {
            sent.set(req);
            if (result.isDone()) {
                req.reset();
                return;
            }
            req.send(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))).onFailure(e -> result.complete(failure(e, started)))
                    .onSuccess(resp -> {
                        int status = resp.statusCode();
                        if (status >= 200 && status < 300) {
                            result.complete(new Result(status, null, elapsed(started)));
                            resp.exceptionHandler(e -> {
                            });
                            req.reset(); // the answer's body is not needed; no keep-alive anyway
                            return;
                        }
                        Buffer snippet = Buffer.buffer();
                        Runnable finish = () -> result.complete(new Result(status, refusal(status, snippet), elapsed(started)));
                        resp.handler(chunk -> {
                            snippet.appendBuffer(chunk, 0, Math.min(chunk.length(), Math.max(0, SNIPPET * 4 - snippet.length())));
                            if (snippet.length() >= SNIPPET * 4) {
                                finish.run();
                                req.reset();
                            }
                        });
                        resp.exceptionHandler(e -> finish.run());
                        resp.endHandler(v -> finish.run());
                    });
        });
        return result;
    }

    private static String refusal(int status, Buffer body) {
        StringBuilder error = new StringBuilder("HTTP ").append(status);
        if (status >= 300 && status < 400) {
            error.append(" (redirects are not followed)");
        }
        String text = body.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (!text.isEmpty()) {
            error.append(": ").append(text.length() > SNIPPET ? text.substring(0, SNIPPET) + "…" : text);
        }
        return error.toString();
    }

    private Result failure(Throwable e, long started) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String kind = "no answer: ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                kind = "TLS failed: ";
                break;
            }
        }
        return new Result(null, kind + message, elapsed(started));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
