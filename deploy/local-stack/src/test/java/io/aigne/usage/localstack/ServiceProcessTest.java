package io.aigne.usage.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @AfterEach
    void clear() {
        System.clearProperty("usage.service.gc");
        System.clearProperty("usage.service.gc.usage-query-service");
    }

    @Test
    void servicesRunTheSerialCollectorUnlessOneIsNamedForAllOrForOneModule() {
        assertThat(ServiceProcess.collector("usage-query-service")).isEqualTo("SerialGC");

        System.setProperty("usage.service.gc", "G1GC");
        System.setProperty("usage.service.gc.usage-query-service", "ParallelGC");

        assertThat(ServiceProcess.collector("usage-query-service")).isEqualTo("ParallelGC");
        assertThat(ServiceProcess.collector("stats-aggregator-service")).isEqualTo("G1GC");
    }

    @Test
    void anythingButACollectorNameIsRefusedBeforeItReachesTheCommandLine() {
        System.setProperty("usage.service.gc", "SerialGC -XX:+PrintFlagsFinal");

        assertThatThrownBy(() -> ServiceProcess.collector("usage-web")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a collector");
    }
}
