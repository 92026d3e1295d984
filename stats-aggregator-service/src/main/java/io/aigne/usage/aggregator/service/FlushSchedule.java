package io.aigne.usage.aggregator.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The hourly flush cron ({@code usage.aggregator.flush.cron}); the consumer thread does the work. */
@ApplicationScoped
public class FlushSchedule {

    @Inject
    FlushRequests requests;

    @Scheduled(cron = "{usage.aggregator.flush.cron}", identity = "stats-flush")
    void flushClosedHours() {
        requests.request();
    }
}
