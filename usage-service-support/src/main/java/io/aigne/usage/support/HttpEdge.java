package io.aigne.usage.support;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The HTTP edge every service shares, on the Vert.x router so it sees requests before any
 * resource does and answers that JAX-RS never sees (unknown paths, body limits, unmapped errors):
 * <ul>
 * <li>a request target longer than {@code usage.http.max-uri-length} → 414; invalid
 * percent-encoding, invalid UTF-8 (unpaired surrogates) or NUL in the path or query → 400;</li>
 * <li>any status the framework answers on its own, and any unexpected failure, → problem+json;
 * a 500 is logged with an id and answered without stack trace or class name.</li>
 * </ul>
 * Authentication failures are left to Quarkus, which sends the challenge (bearer or redirect).
 */
@Singleton
public class HttpEdge {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** Before Quarkus's own filters (CORS, authentication: orders around -300). */
    static final int ORDER = -1_000_000;
    private static final int[] FRAMEWORK_STATUSES = {400, 404, 405, 406, 413, 414, 415, 500, 501, 503};

    private int maxUriLength = 8192;
    private long maxBodyBytes = Long.MAX_VALUE;

    // public, and config read here rather than injected: the bean class comes from a library jar,
    // which Quarkus tests may load in another class loader than the generated bean code
    public void install(@Observes Router router) {
        maxUriLength = ConfigProvider.getConfig().getOptionalValue("usage.http.max-uri-length", Integer.class).orElse(8192);
        maxBodyBytes = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        router.route().order(ORDER).handler(this::checkTarget).failureHandler(this::failed);
        // requests no route matched (404, 405) never become failures: the router answers them itself
        for (int status : FRAMEWORK_STATUSES) {
            router.errorHandler(status, this::failed);
        }
    }

    void checkTarget(RoutingContext ctx) {
        String target = ctx.request().uri();
        if (target.length() > maxUriLength) {
            send(ctx, Problem.ofStatus(414));
            return;
        }
        if (announcedBodyTooLarge(ctx)) {
            // refused here, by its announced size, so the answer is a problem and not Vert.x's bare 413;
            // the body is never read, so the connection cannot carry another request
            ctx.response().putHeader("Connection", "close");
            send(ctx, Problem.ofStatus(413)).onComplete(done -> ctx.request().connection().close());
            return;
        }
        String problem = RequestTargetCheck.problemIn(target);
        if (problem != null) {
            send(ctx, new Problem("about:blank", "Bad Request", 400, problem));
            return;
        }
        ctx.next();
    }

    private boolean announcedBodyTooLarge(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }

    void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof SecurityException || failure instanceof AuthenticationException) {
            ctx.next();
            return;
        }
        if (ctx.response().headWritten()) {
            // too late for a problem body: end what was started so the connection is not left hanging
            if (!ctx.response().ended()) {
                ctx.response().end();
            }
            return;
        }
        int status = statusOf(ctx, failure);
        if (status >= 500 && status != 503) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(failure, "HTTP %s %s failed, error id %s", ctx.request().method(), ctx.request().path(), id);
            Problem generic = Problem.ofStatus(status);
            send(ctx, new Problem(generic.type(), generic.title(), status, generic.detail() + " Error id: " + id + "."));
            return;
        }
        if (status == 503) {
            ctx.response().putHeader("Retry-After", "5");
        }
        send(ctx, Problem.ofStatus(status));
    }

    private static int statusOf(RoutingContext ctx, Throwable failure) {
        if (failure instanceof HttpException e) {
            return e.getStatusCode();
        }
        if (failure instanceof RejectedExecutionException) {
            return 503; // the worker pool is exhausted: passing, retry
        }
        if (failure != null) {
            return 500;
        }
        int status = ctx.statusCode();
        return status >= 400 && status < 600 ? status : 500;
    }

    private static Future<Void> send(RoutingContext ctx, Problem p) {
        JsonObject body = new JsonObject().put("type", p.type()).put("title", p.title()).put("status", p.status())
                .put("detail", p.detail());
        ctx.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (p.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        return ctx.response().end(body.encode());
    }
}
