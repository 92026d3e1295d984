package io.aigne.usage.alerts.rest;

import io.aigne.usage.alerts.delivery.DeliveryLog;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of one rule's webhook deliveries, newest first, each with every attempt (newest first). */
@Schema(name = "DeliveryPage")
public record DeliveryPage(List<DeliveryLog.Delivery> items, long total, int page, int pageSize) {
    static DeliveryPage of(DeliveryLog.Page log) {
        return new DeliveryPage(log.items(), log.total(), log.page(), log.pageSize());
    }
}
