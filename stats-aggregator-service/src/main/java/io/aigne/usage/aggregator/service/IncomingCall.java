package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;

/** A valid call and the Kafka partition it came through (which owns its open statistics). */
public record IncomingCall(ModelCall call, int partition) {
}
