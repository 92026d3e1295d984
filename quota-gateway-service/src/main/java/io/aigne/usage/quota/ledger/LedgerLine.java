package io.aigne.usage.quota.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aigne.usage.quota.service.CreditTransaction;
import io.aigne.usage.support.Credits;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One line of a user's credit history (table credit_transactions), signed: grants positive,
 * consumption and expiry negative. Consumption is one line per user and hour that grows as calls finish.
 */
@Entity
@IdClass(UserScopedId.class)
@Table(name = "credit_transactions")
public class LedgerLine extends PanacheEntityBase {
    @Id
    public String id;
    @Id
    public String userDid;
    /** grant | consumption | adjustment | expiration */
    public String type;
    public BigDecimal amount;
    public String description;
    @Convert(converter = JsonText.class)
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public JsonNode metadata;
    public String grantId;
    /** Set on consumption lines: the hour they collect ({@code consumption:<hour start>}). */
    public String periodKey;
    public long createdAt;
    public long updatedAt;

    static LedgerLine of(String user, String type, BigDecimal amount, String description, JsonNode metadata, String grantId, long now) {
        LedgerLine line = new LedgerLine();
        line.id = "ctx_" + UUID.randomUUID().toString().replace("-", "");
        line.userDid = user;
        line.type = type;
        line.amount = amount;
        line.description = description;
        line.metadata = metadata;
        line.grantId = grantId;
        line.createdAt = now;
        line.updatedAt = now;
        return line;
    }

    /** The user's consumption line of the hour {@code hourStart}, created (and persisted) on its first call. */
    static LedgerLine consumptionLine(String user, long hourStart) {
        String period = "consumption:" + hourStart;
        LedgerLine line = find("userDid = ?1 and periodKey = ?2", user, period).firstResult();
        if (line == null) {
            line = of(user, "consumption", BigDecimal.ZERO, "Model calls " + Instant.ofEpochSecond(hourStart).toString().substring(0, 13)
                    + ":00 UTC", calls(0), null, hourStart);
            line.periodKey = period;
            line.persist();
        }
        return line;
    }

    /** One more call of the hour: its credits off the line's amount, its count up. */
    void addConsumption(BigDecimal credits, long now) {
        amount = amount.subtract(credits);
        metadata = calls(metadata.path("calls").asLong() + 1);
        updatedAt = now;
    }

    private static JsonNode calls(long n) {
        return JsonNodeFactory.instance.objectNode().put("calls", n);
    }

    CreditTransaction toApi() {
        return new CreditTransaction(id, Credits.forApi(amount), type, createdAt, description, metadata);
    }
}
