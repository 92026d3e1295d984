package io.aigne.usage.quota.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** A local HTTP stub standing in for payment-kit, which cannot run here. */
public class PaymentKitStub implements QuarkusTestResourceLifecycleManager {
    static WireMockServer server;
    /** A throwaway app key (the seed 00 01 … 1f): WireMock does not check signatures, the stand-in test does. */
    static final String TEST_APP_SK = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        // the breakers half-open after 3 s instead of 5 s (long enough to see the open breaker refuse a burst of calls on a loaded machine), so the tests wait for them briefly
        return Map.of("usage.quota.payment-kit.url", server.baseUrl(), "usage.quota.payment-kit.app-sk", TEST_APP_SK,
                "CircuitBreaker/delay", "3000");
    }

    @Override
    public void stop() {
        server.stop();
    }

    /** The test profile that switches the service to payment-kit. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PaymentKitStub.class));
        }
    }
}
