package io.aigne.usage.query.rest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * Histogram buckets for the HTTP server timer, so Prometheus can compute the query p95 across
 * replicas (histogram_quantile over http_server_requests_seconds_bucket; the Grafana dashboard and
 * the alert rules in deploy/k8s/components/monitoring). A few fixed bounds, not Micrometer's ~70
 * default buckets: one series each per route and status.
 */
@Singleton
public class LatencyBuckets {
    static final long[] BOUNDS_MS = {25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                double[] nanos = LongStream.of(BOUNDS_MS).mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
