package io.aigne.usage.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a statement would route on Citus (docs/decisions/0008-citus-path.md): every reference to
 * a distributed table is matched by a filter on its distribution column ({@code user_did = $1},
 * {@code = ANY ($1)}, {@code IN (...)}), by a join on that column with another distributed
 * reference, or by the batch's own keys ({@code user_did = k.u} where {@code k} is an
 * {@code unnest(...)} of the statement: one statement per consumer batch, no row locks then); an
 * INSERT (or a COPY) routes by the values it inserts when it names the column. Statements that are cross-user
 * by design are listed in {@link #CROSS_USER} with the reason and how they run on Citus.
 * A text check, not a parser: it errs towards failing, and a failure names the statement.
 */
final class SqlRouting {
    /** A statement allowed without a per-user filter, and why. */
    record CrossUser(String name, Pattern pattern, String reason) {
        static CrossUser of(String name, String regex, String reason) {
            return new CrossUser(name, Pattern.compile(regex), reason);
        }
    }

    /** The statements the services send that are not bound to a user (matched on the normalized text). */
    static final List<CrossUser> CROSS_USER = List.of(
            CrossUser.of("reconcile: a day's stored rows", "^select .* from model_call_stats where \"?timestamp\"? >= \\$\\d+ and \"?timestamp\"? < \\$\\d+$",
                    "reconcile compares one UTC day of every user; on Citus a multi-shard SELECT, run on all workers in parallel"),
            CrossUser.of("open hours / reconcile: terminal calls of a time range",
                    "^select .* from model_calls where status <> \\$\\d+ and call_time >= \\$\\d+ and call_time < \\$\\d+( and partition_no = \\$\\d+)?$",
                    "a partition's new owner rebuilds its open hours and reconcile recomputes a day, over every user; on Citus"
                            + " a multi-shard SELECT pruned to the month partitions of the range"),
            CrossUser.of("outbox drain", "from stats_outbox o left join model_call_stats s on s\\.user_did = o\\.user_did and s\\.id = o\\.stat_id",
                    "announces changed rows of all users (and finds entries whose row reconcile deleted), one drainer at a time"
                            + " (an advisory lock, no row locks); on Citus a multi-shard SELECT with a co-located join on user_did"),
            CrossUser.of("outbox acknowledged", "^delete from stats_outbox where id = any \\(\\$\\d+\\)$",
                    "removes what Kafka acknowledged; on Citus a multi-shard DELETE by id (cheap: the outbox holds seconds of changes)"),
            CrossUser.of("ledger: grants due for expiry", "^select .* from credit_grants \\w+ where \\w+\\.status = \\$\\d+ and \\w+\\.expires_at is not null"
                    + " and \\w+\\.expires_at <= \\$\\d+ order by",
                    "the expiry sweep finds every user's due grants; on Citus a multi-shard SELECT (each grant is then handled under its user's lock)"),
            CrossUser.of("retention: expired hour rows", "^delete from model_call_stats where time_type = \\$\\d+ and timestamp < \\$\\d+$",
                    "hour rows past their retention, every user's; on Citus a multi-shard DELETE"),
            CrossUser.of("retention: archive a month", "^select [a-z_, ]+ from model_calls_\\d{4}_\\d{2}$",
                    "the archive reads one whole month partition; on Citus a multi-shard SELECT of that month's 32 shards"),
            CrossUser.of("retention: identities of an archived month", "^delete from model_call_ids k using model_calls_\\d{4}_\\d{2} p"
                    + " where k\\.user_did = p\\.user_did and k\\.id = p\\.id$",
                    "before a month is dropped its calls' identities go; on Citus a multi-shard DELETE joined on user_did (co-located,"
                            + " pushed down to each shard pair)"),
            CrossUser.of("web: expired sessions", "^delete from web_sessions where expires_at < \\$\\d+$",
                    "the sweep of expired sessions; on Citus a multi-shard DELETE"));

    private static final Pattern REFERENCE = Pattern.compile("\\b(from|join|update|into|using)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern INSERT = Pattern.compile("^(?:with .*?\\)\\s*)?insert into ([a-z_][a-z0-9_]*)\\s*\\(([^)]*)\\)");
    private static final Pattern UNNEST_ALIAS = Pattern.compile("unnest\\s*\\(.*?\\)\\s+(?:as\\s+)?([a-z_][a-z0-9_]*)\\s*\\(");
    private static final Pattern COPY_IN = Pattern.compile("^copy ([a-z_][a-z0-9_]*)\\s*\\(([^)]*)\\) from stdin");
    private static final Pattern ROW_LOCK = Pattern.compile("\\bfor (update|no key update|share|key share)\\b");
    private static final Pattern MONTH_PARTITION = Pattern.compile("^(.*)_\\d{4}_\\d{2}$");

    private final Map<String, String> distributedBy;

    SqlRouting(Map<String, String> distributedBy) {
        this.distributedBy = distributedBy;
    }

    /** The statement as compared: lower case, one space, no identifier quotes, "=", "<" and "," spaced, no trailing ";". */
    static String normalize(String sql) {
        // literals as pg_stat_statements writes them ($n): a statement prepared before its reset keeps its constants
        String s = sql.replaceAll("'(?:[^']|'')*'", "\\$0");
        s = s.toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ").strip();
        s = s.replaceAll("\\s*(<>|<=|>=|!=|=|<|>)\\s*", " $1 ").replaceAll("\\s*,\\s*", ", ").replaceAll("\\s+", " ");
        s = s.replaceAll("\\(\\s+", "(").replaceAll("\\s+\\)", ")").replaceAll("\\bany\\(", "any (");
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    /** Why the statement would not route to one shard per user, or empty when it does (or touches no distributed table). */
    Optional<String> problem(String sql) {
        String s = normalize(sql);
        Matcher copy = COPY_IN.matcher(s);
        if (copy.find() && distributed(copy.group(1)) != null) { // Citus routes each copied row by the column's value
            List<String> columns = List.of(copy.group(2).replace(" ", "").split(","));
            return columns.contains(distributed(copy.group(1))) ? Optional.empty()
                    : Optional.of("COPY " + copy.group(1) + " without " + distributed(copy.group(1)));
        }
        if (!s.matches("^(select|insert|update|delete|with)\\b.*")) {
            return Optional.empty(); // DDL (Citus propagates it), transaction control, settings
        }
        Map<String, Integer> refs = new java.util.HashMap<>(); // distribution column -> references to check
        Matcher insert = INSERT.matcher(s);
        String insertTarget = null;
        if (insert.find() && distributed(insert.group(1)) != null) {
            insertTarget = insert.group(1);
            List<String> columns = List.of(insert.group(2).replace(" ", "").split(","));
            if (!columns.contains(distributed(insertTarget))) {
                return Optional.of("INSERT INTO " + insertTarget + " without " + distributed(insertTarget));
            }
        }
        Matcher r = REFERENCE.matcher(s);
        boolean skippedTarget = false;
        while (r.find()) {
            String column = distributed(r.group(2));
            if (column == null) {
                continue;
            }
            if (r.group(1).equals("into") && r.group(2).equals(insertTarget) && !skippedTarget) {
                skippedTarget = true; // routed by its values
                continue;
            }
            refs.merge(column, 1, Integer::sum);
        }
        // an UPDATE's SET list assigns the column, it does not filter on it (Hibernate sets every column)
        String where = s.startsWith("update ") ? s.replaceFirst("\\bset .*?(?= where | from | returning |$)", "set ") : s;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> e : refs.entrySet()) {
            int filters = filters(where, e.getKey());
            if (filters < e.getValue()) {
                missing.add(e.getValue() + " reference(s) to tables distributed by " + e.getKey() + ", " + filters + " filter(s) on it");
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(String.join("; ", missing));
        }
        if (!refs.isEmpty() && batchKeys(where, refs.keySet()) > 0 && ROW_LOCK.matcher(s).find()) {
            return Optional.of("row locks over the batch's users: a multi-shard SELECT ... FOR UPDATE, which Citus refuses");
        }
        return Optional.empty();
    }

    /** The allowed cross-user statement this is, if any. */
    static Optional<CrossUser> crossUser(String sql) {
        String s = normalize(sql);
        return CROSS_USER.stream().filter(c -> c.pattern().matcher(s).find()).findFirst();
    }

    /** The distribution column of a table (a month partition counts as its parent), or null. */
    private String distributed(String table) {
        String column = distributedBy.get(table);
        Matcher month = MONTH_PARTITION.matcher(table);
        return column != null ? column : month.matches() ? distributedBy.get(month.group(1)) : null;
    }

    /** Filters and co-located joins on the column: col = $n | col = any (..) | col in (..) | a.col = b.col | col = k.x of an unnest. */
    private static int filters(String s, String column) {
        String col = "(?:\\b[a-z_][a-z0-9_]*\\.)?\\b" + column + "\\b";
        int n = count(s, col + " = (\\$\\d+|\\?|any \\()") + count(s, col + " in \\(") + count(s, col + " = [a-z_][a-z0-9_]*\\." + column + "\\b");
        return n + batchKeys(s, List.of(column));
    }

    /** Predicates comparing a distribution column with a column of an unnest(...) alias of the statement. */
    private static int batchKeys(String s, java.util.Collection<String> columns) {
        int n = 0;
        Matcher alias = UNNEST_ALIAS.matcher(s);
        while (alias.find()) {
            for (String column : columns) {
                n += count(s, "(?:\\b[a-z_][a-z0-9_]*\\.)?\\b" + column + " = " + alias.group(1) + "\\.[a-z_][a-z0-9_]*");
                n += count(s, "\\b" + alias.group(1) + "\\.[a-z_][a-z0-9_]* = (?:\\b[a-z_][a-z0-9_]*\\.)?" + column + "\\b");
            }
        }
        return n;
    }

    private static int count(String s, String regex) {
        return (int) Pattern.compile(regex).matcher(s).results().count();
    }
}
