package io.aigne.usage.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.web.gateway.GatewayRoutes;
import io.aigne.usage.web.gateway.GatewayRoutes.Upstream;
import org.junit.jupiter.api.Test;

class GatewayRoutesTest {

    @Test
    void sendsCreditsToTheQuotaGatewayAndStatisticsToTheQueryService() {
        assertThat(GatewayRoutes.find("quota")).get().extracting(GatewayRoutes.Route::upstream).isEqualTo(Upstream.QUOTA);
        assertThat(GatewayRoutes.find("quota-details")).get().extracting(GatewayRoutes.Route::upstream).isEqualTo(Upstream.QUOTA);
        assertThat(GatewayRoutes.find("quota/auto-recharge").orElseThrow().methods()).containsExactly("GET", "PUT");
        for (String path : new String[] {"overview", "projects", "trends", "projects/did:app:x/stats", "projects/did:app:x/trends",
                "projects/did:app:x/models", "projects/did:app:x/calls"}) {
            assertThat(GatewayRoutes.find(path)).as(path).get().extracting(GatewayRoutes.Route::upstream).isEqualTo(Upstream.QUERY);
        }
    }

    @Test
    void routesNothingElse() {
        for (String path : new String[] {"admin/credits/grants", "projects/did:app:x", "projects/a/b/calls", "projects/../calls",
                "quota/other", "ingest/model-calls", "overview/x"}) {
            assertThat(GatewayRoutes.find(path)).as(path).isEmpty();
        }
    }
}
