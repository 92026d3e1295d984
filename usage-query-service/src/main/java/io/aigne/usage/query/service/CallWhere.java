package io.aigne.usage.query.service;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a {@link CallSelection} and its values in order. It always starts with
 * {@code user_did = ?}: no statement over model_calls can reach another user's rows.
 */
final class CallWhere {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    private CallWhere() {
    }

    static CallWhere of(CallSelection s) {
        CallWhere w = new CallWhere();
        w.add("user_did = ?", s.userDid());
        w.add("app_did = ?", s.appDid());
        w.add("call_time BETWEEN ? AND ?", s.start(), s.end());
        CallFilter f = s.filter();
        if (!f.models().isEmpty()) {
            w.add("model = ANY (?)", (Object) f.models().toArray(String[]::new));
        }
        if (!f.statuses().isEmpty()) {
            w.add("status = ANY (?)", (Object) f.statuses().toArray(String[]::new));
        }
        if (f.type() != null) {
            w.add("type = ?", f.type());
        }
        if (f.minDurationMs() != null) {
            w.add("duration_ms > ?", f.minDurationMs());
        }
        if (f.charged() != null) {
            w.conditions.add(f.charged() ? "credits > 0" : "credits = 0");
        }
        if (f.idPrefix() != null) {
            String pattern = likePrefix(f.idPrefix());
            w.add("(id LIKE ? ESCAPE '\\' OR request_id LIKE ? ESCAPE '\\' OR trace_id LIKE ? ESCAPE '\\')", pattern, pattern, pattern);
        }
        return w;
    }

    /** A LIKE pattern matching texts that start with {@code prefix}, its {@code % _ \} taken literally. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private void add(String condition, Object... bound) {
        conditions.add(condition);
        values.addAll(List.of(bound));
    }

    /** {@code " WHERE ... AND ..."}, with unqualified column names. */
    String sql() {
        return " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the values from parameter 1 on; answers the next free parameter index. */
    int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object v : values) {
            if (v instanceof String s) {
                ps.setString(i, s);
            } else if (v instanceof Long l) {
                ps.setLong(i, l);
            } else if (v instanceof Double d) {
                ps.setDouble(i, d);
            } else if (v instanceof String[] a) {
                ps.setArray(i, ps.getConnection().createArrayOf("text", a));
            } else {
                throw new IllegalStateException("cannot bind " + v.getClass());
            }
            i++;
        }
        return i;
    }
}
