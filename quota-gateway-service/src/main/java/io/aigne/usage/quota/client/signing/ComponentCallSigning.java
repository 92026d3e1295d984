package io.aigne.usage.quota.client.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.quota.config.QuotaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Clock;

/**
 * Signs every payment-kit request as a Blocklet component call ({@link ComponentCallSigner}) with
 * the app's secret key, {@code usage.quota.payment-kit.app-sk}. The signed path is the one
 * payment-kit's own router sees: the request path below the configured base URL.
 */
@ApplicationScoped
public class ComponentCallSigning implements ClientRequestFilter {

    @Inject
    QuotaConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private volatile ComponentCallSigner signer;

    @Override
    public void filter(ClientRequestContext request) {
        URI uri = request.getUri();
        JsonNode body = request.hasEntity() ? json.valueToTree(request.getEntity()) : null;
        signer().headers(request.getMethod(), pathBelowBase(uri.getRawPath()), uri.getRawQuery(), body)
                .forEach((name, value) -> request.getHeaders().putSingle(name, value));
    }

    private ComponentCallSigner signer() {
        ComponentCallSigner s = signer;
        if (s == null) {
            String key = config.paymentKit().appSk().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "usage.quota.payment-kit.app-sk is not set: payment-kit refuses unsigned calls"));
            s = new ComponentCallSigner(AppWallet.of(config.paymentKit().walletType(), key),
                    config.paymentKit().componentDid().orElse(null), clock);
            signer = s;
        }
        return s;
    }

    private String pathBelowBase(String rawPath) {
        String base = config.paymentKit().url().map(u -> URI.create(u).getRawPath()).orElse("");
        base = base == null ? "" : base.replaceAll("/+$", "");
        return !base.isEmpty() && rawPath.startsWith(base + "/") ? rawPath.substring(base.length()) : rawPath;
    }
}
