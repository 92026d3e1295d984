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

    private volatile Signing signing;

    @Override
    public void filter(ClientRequestContext request) {
        URI uri = request.getUri();
        JsonNode body = request.hasEntity() ? json.valueToTree(request.getEntity()) : null;
        Signing s = signing();
        s.signer().headers(request.getMethod(), s.pathBelowBase(uri.getRawPath()), uri.getRawQuery(), body)
                .forEach((name, value) -> request.getHeaders().putSingle(name, value));
    }

    /** The signer and the base URL's path, read from the configuration once. */
    private Signing signing() {
        Signing s = signing;
        if (s == null) {
            String key = config.paymentKit().appSk().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "usage.quota.payment-kit.app-sk is not set: payment-kit refuses unsigned calls"));
            String base = config.paymentKit().url().map(u -> URI.create(u).getRawPath()).orElse(null);
            s = new Signing(new ComponentCallSigner(AppWallet.of(config.paymentKit().walletType(), key),
                    config.paymentKit().componentDid().orElse(null), clock), base == null ? "" : base.replaceAll("/+$", ""));
            signing = s;
        }
        return s;
    }

    private record Signing(ComponentCallSigner signer, String basePath) {
        String pathBelowBase(String rawPath) {
            return !basePath.isEmpty() && rawPath.startsWith(basePath + "/") ? rawPath.substring(basePath.length()) : rawPath;
        }
    }
}
