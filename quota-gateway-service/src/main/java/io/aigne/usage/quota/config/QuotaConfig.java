package io.aigne.usage.quota.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

@ConfigMapping(prefix = "usage.quota")
public interface QuotaConfig {

    PaymentKit paymentKit();

    Ledger ledger();

    /**
     * How long /quota waits for the provider before answering with the last known value (stale).
     * Keeps the page's answer within a second even when payment-kit hangs.
     */
    @WithDefault("300ms")
    java.time.Duration answerDeadline();

    interface Ledger {
        /**
         * Whether the built-in ledger keeps the credits: derived from {@code usage.quota.payment-kit.url}
         * by {@code LedgerSwitch} (false when it is set), not set by hand.
         */
        @WithDefault("true")
        boolean enabled();

        /** How often the unspent rest of expired grants is expired ({@code off} with payment-kit, see {@code LedgerSwitch}). */
        @WithDefault("60s")
        String expiryInterval();

        /** Wait before retrying a batch of debits that failed (database unavailable). */
        @WithDefault("2s")
        java.time.Duration retryBackoff();

        /** Debits failing for longer than this turn readiness DOWN. */
        @WithDefault("2m")
        java.time.Duration stallTimeout();
    }

    interface PaymentKit {
        /** Setting this is the switch: payment-kit keeps the credits instead of the built-in ledger. */
        Optional<String> url();

        /**
         * The Blocklet app's secret key ({@code BLOCKLET_APP_ASK}, else {@code BLOCKLET_APP_SK}, of the
         * app payment-kit runs in): every request is signed with it as a component call. A secret: never logged.
         */
        Optional<String> appSk();

        /**
         * The app wallet's type, as the app's {@code CHAIN_TYPE}: {@code default} (ED25519 over SHA3-256) or
         * {@code ethereum} (secp256k1 over Keccak-256). Both sides must agree: the signature does not say which.
         */
        @WithDefault("default")
        String walletType();

        /** Our component's DID, sent as {@code x-component-did} (payment-kit's check does not depend on it). */
        Optional<String> componentDid();

        /** The credit currency to report; default: the first in the balance summary. */
        Optional<String> currencyId();

        @WithDefault("true")
        boolean livemode();
    }
}
