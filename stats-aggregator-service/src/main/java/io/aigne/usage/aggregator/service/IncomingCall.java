package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;

/**
 * A valid call and the Kafka partition it came through (which owns its open statistics);
 * {@code restored}: it comes back from a retention archive and was counted long ago.
 */
public record IncomingCall(ModelCall call, int partition, boolean restored) {
    public IncomingCall(ModelCall call, int partition) {
        this(call, partition, false);
    }
}
