package io.aigne.usage.quota.service;

/**
 * Where credits live: payment-kit, or the built-in ledger. Implementations throw
 * {@link ProviderUnavailableException} when they cannot answer (in time).
 */
public interface CreditProvider {
    String name();

    Balance balance(String userDid);

    /** {@code type} null = every type. Newest first. */
    TransactionPage transactions(String userDid, int page, int pageSize, String type);

    AutoRecharge autoRecharge(String userDid);

    AutoRecharge saveAutoRecharge(String userDid, AutoRecharge config);
}
