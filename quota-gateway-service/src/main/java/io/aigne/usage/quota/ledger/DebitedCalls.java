package io.aigne.usage.quota.ledger;

import io.aigne.usage.events.ModelCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;

/**
 * The dedupe table ledger_debited_calls: each finished call is debited once, however often its
 * event is delivered. Plain JDBC on the transaction's connection (decision record 0005): one
 * {@code INSERT ... ON CONFLICT DO NOTHING RETURNING} per batch tells which calls are new, which
 * entities cannot say without a query per call.
 */
@ApplicationScoped
class DebitedCalls {

    @Inject
    Session session;

    /** Records the calls as debited; returns those seen for the first time, in their order (a call twice in the batch once). */
    List<ModelCall> recordFirst(List<ModelCall> calls, long now) {
        if (calls.isEmpty()) {
            return List.of();
        }
        Set<Key> fresh = session.doReturningWork(c -> insert(c, calls, now));
        List<ModelCall> first = new ArrayList<>();
        for (ModelCall call : calls) {
            if (fresh.remove(new Key(call.userDid(), call.id()))) {
                first.add(call);
            }
        }
        return first;
    }

    private static Set<Key> insert(Connection c, List<ModelCall> calls, long now) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ledger_debited_calls (user_did, call_id, credits, debited_at)
                SELECT u, id, credits, ? FROM unnest(?::varchar[], ?::varchar[], ?::numeric[]) AS t(u, id, credits)
                ON CONFLICT (user_did, call_id) DO NOTHING
                RETURNING user_did, call_id""")) {
            ps.setLong(1, now);
            ps.setArray(2, c.createArrayOf("varchar", calls.stream().map(ModelCall::userDid).toArray()));
            ps.setArray(3, c.createArrayOf("varchar", calls.stream().map(ModelCall::id).toArray()));
            ps.setArray(4, c.createArrayOf("numeric", calls.stream().map(ModelCall::credits).toArray(BigDecimal[]::new)));
            Set<Key> inserted = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new Key(rs.getString(1), rs.getString(2)));
                }
            }
            return inserted;
        }
    }

    private record Key(String userDid, String callId) {
    }
}
