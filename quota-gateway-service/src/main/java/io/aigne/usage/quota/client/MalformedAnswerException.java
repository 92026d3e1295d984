package io.aigne.usage.quota.client;

import io.aigne.usage.quota.service.ProviderUnavailableException;

/** payment-kit answered, but not in a shape we understand; retrying will not help. */
public class MalformedAnswerException extends ProviderUnavailableException {
    public MalformedAnswerException(String message) {
        super(message, null);
    }

    public MalformedAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
