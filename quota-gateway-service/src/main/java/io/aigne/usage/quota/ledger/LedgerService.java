package io.aigne.usage.quota.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.quota.service.AutoRecharge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in credit ledger: grants, debits of finished calls (each once), expiry of expired
 * grants and auto-recharge within its daily limits. Every balance change writes its history line
 * in the same database transaction; a user's balance row is locked first, then their grants.
 */
@ApplicationScoped
public class LedgerService {
    static final String AUTO_RECHARGE = "auto-recharge";
    private static final long DAY = 86_400;

    @Inject
    DebitedCalls debitedCalls;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /** An admin's grant; {@code grantedBy} is the admin (their token's user), kept with the grant and shown in its history line. */
    @Transactional
    public String grant(String user, BigDecimal amount, String category, Long expiresAt, String name, String grantedBy) {
        return grantIn(CreditBalance.lock(user), amount, category, expiresAt, name, "admin", grantedBy, now());
    }

    private String grantIn(CreditBalance balance, BigDecimal amount, String category, Long expiresAt, String name, String source,
            String grantedBy, long now) {
        CreditGrant grant = CreditGrant.of(balance.userDid, amount, category, expiresAt, name, source, grantedBy, now);
        grant.persist();
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("category", category).put("source", source);
        if (grantedBy != null) {
            metadata.put("grantedBy", grantedBy);
        }
        LedgerLine.of(balance.userDid, "grant", amount, name != null ? name : "Credit grant", metadata, grant.id, now).persist();
        balance.add(amount);
        return grant.id;
    }

    /** Debits finished calls not debited before; returns how many were new. All or nothing. */
    @Transactional(rollbackOn = Exception.class)
    public int debit(List<ModelCall> calls) {
        long now = now();
        List<ModelCall> billable = calls.stream().filter(c -> c.status().isTerminal() && c.credits().signum() > 0).toList();
        Map<String, CreditBalance> balances = new LinkedHashMap<>();
        billable.forEach(call -> balances.computeIfAbsent(call.userDid(), CreditBalance::lock));
        List<ModelCall> first = debitedCalls.recordFirst(billable, now);
        // Each user's grants and each hour's line are read once per batch and changed in memory; without
        // auto-flush, a query no longer dirty-checks every entity of the batch (that made a batch quadratic).
        CreditGrant.getEntityManager().setFlushMode(FlushModeType.COMMIT);
        Map<String, List<CreditGrant>> grants = new HashMap<>();
        Map<String, LedgerLine> lines = new HashMap<>();
        for (ModelCall call : first) {
            drawFromGrants(grants.computeIfAbsent(call.userDid(), user -> CreditGrant.drawOrder(user, now)), call.credits());
            // booked in the hour the call happened, so spend history follows usage even for late events
            long hour = Math.floorDiv(call.callTime(), 3_600) * 3_600;
            lines.computeIfAbsent(call.userDid() + "@" + hour, key -> LedgerLine.consumptionLine(call.userDid(), hour))
                    .addConsumption(call.credits(), now);
            balances.get(call.userDid()).add(call.credits().negate());
        }
        balances.values().forEach(balance -> autoRecharge(balance, now));
        // written here, not at commit: a row the database refuses must fail inside the batch, where the caller isolates it
        CreditBalance.flush();
        registry.counter("usage.ledger.calls_debited").increment(first.size());
        return first.size();
    }

    /** Takes {@code credits} from the user's effective grants: promotional first, then soonest to expire. */
    private static void drawFromGrants(List<CreditGrant> drawOrder, BigDecimal credits) {
        BigDecimal left = credits;
        for (CreditGrant grant : drawOrder) { // a grant depleted earlier in the batch gives 0
            if (left.signum() <= 0) {
                return;
            }
            left = grant.take(left);
        }
    }

    /** Tops the balance up when it fell below the threshold, within today's attempts and amount. */
    private void autoRecharge(CreditBalance balance, long now) {
        AutoRecharge settings = AutoRechargeSettings.of(balance.userDid);
        if (!settings.enabled() || balance.balance.compareTo(settings.threshold()) >= 0) {
            return;
        }
        Object[] today = CreditGrant.getEntityManager().createQuery("""
                select count(g), sum(g.amount) from CreditGrant g
                where g.userDid = ?1 and g.source = ?2 and g.createdAt >= ?3""", Object[].class)
                .setParameter(1, balance.userDid).setParameter(2, AUTO_RECHARGE).setParameter(3, now / DAY * DAY).getSingleResult();
        boolean withinAttempts = ((Number) today[0]).longValue() < settings.dailyLimit().maxAttempts();
        BigDecimal rechargedToday = Objects.requireNonNullElse((BigDecimal) today[1], BigDecimal.ZERO);
        boolean withinAmount = rechargedToday.add(settings.quantity()).compareTo(settings.dailyLimit().maxAmount()) <= 0;
        if (withinAttempts && withinAmount) {
            grantIn(balance, settings.quantity(), "paid", null, "Auto-recharge", AUTO_RECHARGE, null, now);
            registry.counter("usage.ledger.auto_recharges").increment();
        }
    }

    /** Expires what is left of grants past their expiry; returns how many expired. */
    @Transactional
    public int expireDue() {
        long now = now();
        List<DueGrant> due = CreditGrant.find("status = 'granted' and expiresAt is not null and expiresAt <= ?1 order by userDid, id", now)
                .project(DueGrant.class).list();
        Map<String, CreditBalance> balances = new LinkedHashMap<>();
        int expired = 0;
        for (DueGrant d : due) {
            CreditBalance balance = balances.computeIfAbsent(d.userDid(), CreditBalance::lock);
            // read again under the lock: a debit may have drawn from this grant meanwhile
            CreditGrant grant = CreditGrant.lockOne(d.userDid(), d.id());
            if (grant == null || !CreditGrant.GRANTED.equals(grant.status)) {
                continue;
            }
            BigDecimal rest = grant.remaining;
            grant.status = "expired";
            grant.remaining = BigDecimal.ZERO;
            if (rest.signum() > 0) {
                LedgerLine.of(d.userDid(), "expiration", rest.negate(), "Expired credit grant", null, grant.id, now).persist();
                balance.add(rest.negate());
            }
            expired++;
        }
        return expired;
    }

    /**
     * Saves a user's auto-recharge settings. Not under the balance lock: a user saving settings must
     * not wait for a ledger batch that holds it; a debit reads either the old settings or the new ones.
     */
    @Transactional
    public AutoRecharge saveAutoRecharge(String user, AutoRecharge settings) {
        AutoRechargeSettings.upsert(user, settings, now());
        return settings;
    }

    /** The projection of a grant due for expiry: not the entity, which must be read again under the lock. */
    public record DueGrant(String id, String userDid) {
    }

    public long nowSeconds() {
        return now();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }
}
