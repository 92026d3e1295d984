package io.aigne.usage.web.http;

import io.aigne.usage.web.config.WebConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every answer of the public port: the pages, their scripts, the gateway's and
 * sign-in's JSON, errors. The CSP allows only our own scripts (the Vite build has no inline script);
 * styles may be inline because MUI/emotion injects {@code <style>} elements and charts set style
 * attributes. Images may also come from any https host: projects' logos are https URLs their producer
 * gave (PUT /api/ingest/projects, role ingest; the pages load them without a referrer). HSTS only when the site is HTTPS only ({@code usage.web.https-only}; off in demo).
 */
@ApplicationScoped
public class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    void register(@Observes Filters filters, WebConfig config) {
        boolean httpsOnly = config.httpsOnly();
        // before everything else (high priority), so even the framework's own error answers carry them
        filters.register(rc -> {
            MultiMap headers = rc.response().headers();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "same-origin");
            if (httpsOnly) {
                headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
            }
            rc.next();
        }, 1000);
    }
}
