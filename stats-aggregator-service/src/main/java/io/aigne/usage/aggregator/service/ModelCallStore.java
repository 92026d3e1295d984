package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes calls with the update rules of docs/contracts.md §1, enforced by the database: a new id is
 * inserted; only a {@code processing} call may be replaced, and only by a terminal event;
 * everything else (duplicates, changes to a terminal call) leaves the call as it is. A batch is
 * first reduced by the same rules per call (one statement may touch a row only once).
 *
 * <p>model_calls is partitioned by month of call_time, and a terminal event may carry another
 * call_time than the processing one, so identity lives in model_call_ids (one row per call: where
 * its row is, whether it is final). Per batch: claim the ids of new calls, finish the ids of
 * processing calls now terminal (returning where their old row was), delete those old rows — each one
 * statement over arrays ({@code unnest}) — and copy in the rows of every call that changed ({@link CallRowsCopy}).
 */
@ApplicationScoped
public class ModelCallStore {
    static final String CLAIM_IDS = """
            INSERT INTO model_call_ids (user_did, id, call_time, terminal)
            SELECT u, i, ct, s <> 'processing' FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[]) AS x(u, i, ct, s)
            ON CONFLICT (user_did, id) DO NOTHING
            RETURNING user_did, id""";
    static final String FINISH_IDS = """
            UPDATE model_call_ids k SET call_time = x.ct, terminal = true
            FROM (SELECT k0.user_did, k0.id, k0.call_time AS old_ct, x0.ct
                  FROM model_call_ids k0 JOIN unnest(?::text[], ?::text[], ?::int8[]) AS x0(u, i, ct)
                       ON k0.user_did = x0.u AND k0.id = x0.i
                  WHERE NOT k0.terminal) x
            WHERE k.user_did = x.user_did AND k.id = x.id
            RETURNING k.user_did, k.id, x.old_ct""";
    static final String DELETE_ROWS = """
            DELETE FROM model_calls m USING unnest(?::text[], ?::text[], ?::int8[]) AS x(u, i, ct)
            WHERE m.user_did = x.u AND m.id = x.i AND m.call_time = x.ct""";

    private record Key(String userDid, String id) {
        static Key of(IncomingCall c) {
            return new Key(c.call().userDid(), c.call().id());
        }
    }

    /**
     * Applies the calls. Returns the calls whose stored row changed, in their final form; a
     * changed row with a terminal status is a call that just finished and now counts.
     */
    public List<IncomingCall> write(Connection connection, List<IncomingCall> calls) throws SQLException {
        if (calls.isEmpty()) {
            return List.of();
        }
        List<IncomingCall> reduced = new ArrayList<>(reduce(calls).values());
        Set<Key> fresh = claimIds(connection, reduced);
        List<IncomingCall> finishing = reduced.stream()
                .filter(c -> !fresh.contains(Key.of(c)) && c.call().status().isTerminal()).toList();
        Map<Key, Long> replaced = finishIds(connection, finishing);
        deleteRows(connection, replaced);
        List<IncomingCall> changed = reduced.stream()
                .filter(c -> fresh.contains(Key.of(c)) || replaced.containsKey(Key.of(c))).toList();
        insertRows(connection, changed);
        return changed;
    }

    private static Set<Key> claimIds(Connection c, List<IncomingCall> calls) throws SQLException {
        Set<Key> claimed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(CLAIM_IDS)) {
            ps.setArray(1, text(c, calls, x -> x.call().userDid()));
            ps.setArray(2, text(c, calls, x -> x.call().id()));
            ps.setArray(3, c.createArrayOf("int8", calls.stream().map(x -> x.call().callTime()).toArray()));
            ps.setArray(4, text(c, calls, x -> x.call().status().name()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return claimed;
    }

    /** Marks processing calls final at their terminal call_time; returns the call_time their old row has. */
    private static Map<Key, Long> finishIds(Connection c, List<IncomingCall> calls) throws SQLException {
        Map<Key, Long> oldTimes = new HashMap<>();
        if (calls.isEmpty()) {
            return oldTimes;
        }
        try (PreparedStatement ps = c.prepareStatement(FINISH_IDS)) {
            ps.setArray(1, text(c, calls, x -> x.call().userDid()));
            ps.setArray(2, text(c, calls, x -> x.call().id()));
            ps.setArray(3, c.createArrayOf("int8", calls.stream().map(x -> x.call().callTime()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oldTimes.put(new Key(rs.getString(1), rs.getString(2)), rs.getLong(3));
                }
            }
        }
        return oldTimes;
    }

    private static void deleteRows(Connection c, Map<Key, Long> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, Long>> list = new ArrayList<>(rows.entrySet());
        try (PreparedStatement ps = c.prepareStatement(DELETE_ROWS)) {
            ps.setArray(1, c.createArrayOf("text", list.stream().map(e -> e.getKey().userDid()).toArray()));
            ps.setArray(2, c.createArrayOf("text", list.stream().map(e -> e.getKey().id()).toArray()));
            ps.setArray(3, c.createArrayOf("int8", list.stream().map(Map.Entry::getValue).toArray()));
            ps.executeUpdate();
        }
    }

    private static void insertRows(Connection connection, List<IncomingCall> rows) throws SQLException {
        if (!rows.isEmpty()) {
            CallRowsCopy.insert(connection, rows);
        }
    }

    /** The batch's calls with one event per call, applying the update rules in arrival order. */
    static Map<Key, IncomingCall> reduce(List<IncomingCall> calls) {
        Map<Key, IncomingCall> byCall = new LinkedHashMap<>();
        for (IncomingCall in : calls) {
            ModelCall c = in.call();
            byCall.merge(new Key(c.userDid(), c.id()), in, (current, next) ->
                    !current.call().status().isTerminal() && next.call().status().isTerminal() ? next : current);
        }
        return byCall;
    }

    private static Array text(Connection c, List<IncomingCall> calls, Function<IncomingCall, String> field) throws SQLException {
        return c.createArrayOf("text", calls.stream().map(field).toArray());
    }
}
