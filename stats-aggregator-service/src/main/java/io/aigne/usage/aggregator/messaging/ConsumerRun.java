package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.service.OpenStats;
import java.util.UUID;

/**
 * One run of the consumer thread: its group, its fencing identity (stored as the owner of the
 * partitions it takes over) and the open statistics of those partitions, which only that thread
 * touches.
 */
record ConsumerRun(String group, String instance, OpenStats open) {

    static ConsumerRun start(String group, int sketchK) {
        return new ConsumerRun(group, "aggregator-" + UUID.randomUUID(), new OpenStats(sketchK));
    }
}
