package io.aigne.usage.quota.client;

import io.aigne.usage.quota.config.QuotaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Sends {@code usage.quota.payment-kit.api-key} as {@code Authorization: Bearer <key>}; nothing when no key is set. */
@ApplicationScoped
public class PaymentKitAuth implements ClientHeadersFactory {

    @Inject
    QuotaConfig config;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        config.paymentKit().apiKey().filter(key -> !key.isBlank()).ifPresent(key -> headers.add("Authorization", "Bearer " + key));
        return headers;
    }
}
