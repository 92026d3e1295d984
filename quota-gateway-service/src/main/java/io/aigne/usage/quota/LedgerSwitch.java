package io.aigne.usage.quota;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives from the one setting that picks the provider ({@code usage.quota.payment-kit.url})
 * whether the built-in ledger runs: {@code usage.quota.ledger.enabled}, which application.properties
 * hands to the ledger's Kafka channel and readiness check, and, with payment-kit, an expiry job
 * that is never scheduled. So with payment-kit the ledger does not consume, not even idly.
 * Registered in META-INF/services/io.smallrye.config.ConfigSourceFactory.
 */
public class LedgerSwitch implements ConfigSourceFactory {
    static final String PAYMENT_KIT_URL = "usage.quota.payment-kit.url";
    public static final String LEDGER_ENABLED = "usage.quota.ledger.enabled";
    /** Above the environment (300), so a derived value cannot be contradicted by hand. */
    private static final int ORDINAL = 500;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue(PAYMENT_KIT_URL);
        boolean paymentKit = url != null && url.getValue() != null && !url.getValue().isBlank();
        Map<String, String> derived = paymentKit
                ? Map.of(LEDGER_ENABLED, "false", "usage.quota.ledger.expiry-interval", "off")
                : Map.of(LEDGER_ENABLED, "true");
        return List.of(new PropertiesConfigSource(derived, "quota-ledger-switch", ORDINAL));
    }
}
