package io.aigne.usage.quota.service;

/** The credit backend failed, timed out or its circuit is open. */
public class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
