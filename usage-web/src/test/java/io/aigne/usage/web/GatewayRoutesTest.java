package io.aigne.usage.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.web.gateway.GatewayRoutes;
import io.aigne.usage.web.gateway.GatewayRoutes.Upstream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatewayRoutesTest {

    @Test
    void sendsCreditsToTheQuotaGatewayAndStatisticsToTheQueryService() {
        assertThat(GatewayRoutes.find("quota")).get().extracting(GatewayRoutes.Route::upstream).isEqualTo(Upstream.QUOTA);
        assertThat(GatewayRoutes.find("quota-details")).get().extracting(GatewayRoutes.Route::upstream).isEqualTo(Upstream.QUOTA);
        assertThat(GatewayRoutes.find("quota/auto-recharge").orElseThrow().methods()).containsExactly("GET", "PUT");
        for (String path : new String[] {"overview", "forecast", "projects", "trends", "projects/did:app:x/stats",
                "projects/did:app:x/trends", "projects/did:app:x/models", "projects/did:app:x/calls", "projects/export",
                "projects/did:app:x/calls/export", "projects/did:app:x/calls/sample", "projects/export/calls", "projects/export/calls/export"}) {
            assertThat(GatewayRoutes.find(path)).as(path).get().extracting(GatewayRoutes.Route::upstream).isEqualTo(Upstream.QUERY);
        }
    }

    @Test
    void sendsAlertsToTheAlertsServiceWithTheirMethods() {
        java.util.Map<String, java.util.List<String>> methods = java.util.Map.of(
                "alerts/rules", java.util.List.of("GET", "POST"),
                "alerts/rules/9b1c", java.util.List.of("GET", "PUT", "DELETE"),
                "alerts/rules/9b1c/deliveries", java.util.List.of("GET"),
                "alerts/episodes", java.util.List.of("GET"),
                "alerts/notifications", java.util.List.of("GET"),
                "alerts/notifications/42/read", java.util.List.of("POST"),
                "alerts/notifications/read-all", java.util.List.of("POST"));
        methods.forEach((path, allowed) -> {
            GatewayRoutes.Route route = GatewayRoutes.find(path).orElseThrow(() -> new AssertionError(path));
            assertThat(route.upstream()).as(path).isEqualTo(Upstream.ALERTS);
            assertThat(route.methods()).as(path).containsExactlyInAnyOrderElementsOf(allowed);
        });
        assertThat(GatewayRoutes.find("alerts/notifications").orElseThrow().params()).containsExactlyInAnyOrder("unread", "page", "pageSize");
        assertThat(GatewayRoutes.find("alerts/episodes").orElseThrow().params()).containsExactlyInAnyOrder("state", "page", "pageSize");
    }

    /**
     * Every public path and method of the services' stored OpenAPI documents reaches the service that
     * serves it, with exactly the query parameters the operation declares (but userDid).
     */
    @Test
    void coversEveryUsageEndpointOfTheServices() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        for (var service : java.util.Map.of("usage-query-service", Upstream.QUERY, "quota-gateway-service", Upstream.QUOTA,
                "usage-alerts-service", Upstream.ALERTS).entrySet()) {
            JsonNode paths = new ObjectMapper().readTree(repo.resolve(service.getKey()).resolve("target/openapi/openapi.json").toFile())
                    .path("paths");
            int seen = 0;
            for (var it = paths.fields(); it.hasNext();) {
                var entry = it.next();
                if (!entry.getKey().startsWith("/api/usage/")) {
                    continue;
                }
                String path = entry.getKey().substring("/api/usage/".length()).replace("{appDid}", "did:app:x");
                GatewayRoutes.Route route = GatewayRoutes.find(path).orElseThrow(() -> new AssertionError("not routed: " + path));
                assertThat(route.upstream()).as(path).isEqualTo(service.getValue());
                entry.getValue().fields().forEachRemaining(op -> {
                    assertThat(route.methods()).as(path).contains(op.getKey().toUpperCase(java.util.Locale.ROOT));
                    // exactly the operation's query parameters are passed on, except userDid (the session's user)
                    java.util.Set<String> params = new java.util.HashSet<>();
                    op.getValue().path("parameters").forEach(p -> {
                        if (p.path("in").asText().equals("query") && !p.path("name").asText().equals("userDid")) {
                            params.add(p.path("name").asText());
                        }
                    });
                    assertThat(route.params()).as("%s %s parameters", op.getKey(), path).containsExactlyInAnyOrderElementsOf(params);
                });
                seen++;
            }
            assertThat(seen).as(service.getKey()).isGreaterThan(2);
        }
    }

    /** Only the CSV downloads are streamed; a project named "export" keeps its own routes. */
    @Test
    void streamsTheDownloadsOnly() {
        for (var route : GatewayRoutes.ROUTES) {
            assertThat(route.streamed()).as(route.path().pattern()).isEqualTo(route.path().pattern().endsWith("export"));
        }
        assertThat(GatewayRoutes.find("projects/export").orElseThrow().params()).containsExactlyInAnyOrder("startTime", "endTime",
                "timeRange", "q", "sort");
        assertThat(GatewayRoutes.find("projects/export/calls").orElseThrow().streamed()).isFalse();
        assertThat(GatewayRoutes.find("projects/export/calls").orElseThrow().params()).contains("page", "model", "search");
        assertThat(GatewayRoutes.find("projects/export/calls/export").orElseThrow().streamed()).isTrue();
    }

    @Test
    void routesNothingElse() {
        for (String path : new String[] {"admin/credits/grants", "projects/did:app:x", "projects/a/b/calls", "projects/../calls",
                "quota/other", "ingest/model-calls", "overview/x", "forecast/x", "projects/export/x", "projects/did:app:x/calls/other",
                "projects/did:app:x/export", "projects/../calls/export", "projects/a/b/calls/export",
                "alerts", "alerts/rules/..", "alerts/rules/a/b", "alerts/rules/../deliveries", "alerts/notifications/../read",
                "alerts/notifications/42", "alerts/episodes/1", "alerts/admin"}) {
            assertThat(GatewayRoutes.find(path)).as(path).isEmpty();
        }
    }
}
