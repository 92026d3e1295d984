package io.aigne.usage.web.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The Vite build names every script and style after its content ({@code /assets/name-HASH.js}), so
 * a file under {@code /assets/} never changes: browsers may keep it for a year without asking again.
 * index.html itself is never cached ({@code SpaResource}), so a new deployment's names arrive at once.
 */
@ApplicationScoped
public class AssetCaching {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.normalizedPath().startsWith("/assets/")) {
                // set when the answer is complete, so the static handler's own header cannot win
                rc.addHeadersEndHandler(v -> {
                    if (rc.response().getStatusCode() == 200) {
                        rc.response().headers().set("Cache-Control", IMMUTABLE);
                    }
                });
            }
            rc.next();
        }, 900);
    }
}
