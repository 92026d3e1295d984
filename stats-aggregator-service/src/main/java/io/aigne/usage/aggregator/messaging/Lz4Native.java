package io.aigne.usage.aggregator.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.util.Native;
import org.jboss.logging.Logger;

/**
 * Loads lz4-java's native library before the first Kafka client starts. lz4-java tries its JNI
 * codec on its own only when it was loaded by the system class loader; under Quarkus' class loader
 * it silently fell back to its pure-Java codec (~9 % of the consumer thread's samples in a profile of
 * the ingest benchmark: the topic's batches decompressed, the stats events compressed). Once the library is loaded,
 * {@link LZ4Factory#fastestInstance()} — what Kafka's LZ4 streams use — answers the JNI codec.
 */
@ApplicationScoped
class Lz4Native {
    private static final Logger LOG = Logger.getLogger(Lz4Native.class);

    void load(@Observes @Priority(1) StartupEvent event) {
        try {
            Native.load();
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("lz4's native library did not load (%s); Kafka's LZ4 batches use the slower Java codec", e.toString());
        }
        LOG.debugf("LZ4 codec: %s", LZ4Factory.fastestInstance());
    }
}
