package io.aigne.usage.aggregator.messaging;

/** Kafka did not acknowledge in time; nothing was promised to the caller. */
public class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
