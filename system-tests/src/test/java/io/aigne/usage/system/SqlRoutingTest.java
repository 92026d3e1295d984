package io.aigne.usage.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing check itself: statements of the services' shapes pass, the same without their filter fail. */
class SqlRoutingTest {
    private static final Path REPO = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();

    private static SqlRouting routing() throws Exception {
        return new SqlRouting(CitusLayout.read(REPO).distributedBy());
    }

    @Test
    void perUserStatementsRoute() throws Exception {
        SqlRouting r = routing();
        for (String sql : List.of(
                "SELECT EXISTS (SELECT 1 FROM model_calls WHERE user_did = $1 AND app_did = $2)",
                "SELECT c.id, c.call_time FROM (SELECT user_did, id FROM model_calls WHERE user_did = $1 AND app_did = $2 ORDER BY call_time DESC"
                        + " LIMIT $3 OFFSET $4) page JOIN model_calls c ON c.user_did = page.user_did AND c.id = page.id ORDER BY c.call_time DESC",
                "SELECT \"timestamp\", count(*) FROM model_call_stats WHERE user_did = $1 AND app_did IS NOT NULL AND time_type = $2 GROUP BY \"timestamp\"",
                "SELECT (SELECT coalesce(sum(amount), 0) FROM credit_grants WHERE user_did = $1) - (SELECT coalesce(max(balance), 0)"
                        + " FROM credit_balances WHERE user_did = $2)",
                // Hibernate's forms: aliases, no spaces
                "select cg1_0.id,cg1_0.amount from credit_grants cg1_0 where cg1_0.user_did=$1 and cg1_0.status='granted' for no key update",
                "insert into credit_grants (amount,category,created_at,user_did,id) values ($1,$2,$3,$4,$5)",
                // ledger entities are identified by (user_did, id): Hibernate names the user in every update and locked find
                "update credit_grants set amount=$1, remaining=$2, status=$3 where user_did=$4 and id=$5",
                "select cg1_0.id, cg1_0.amount from credit_grants cg1_0 where cg1_0.user_did=$1 and cg1_0.id=$2 for no key update of cg1_0",
                "select ws1_0.id_hash,ws1_0.user_did from web_sessions ws1_0 where ws1_0.id_hash=$1",
                // batch statements: values route the insert; the batch's own keys in a join, without row locks
                "INSERT INTO model_calls (user_did, id, app_did) SELECT u, i, a FROM unnest($1::text[], $2::text[], $3::text[]) AS x(u, i, a)"
                        + " ON CONFLICT (user_did, id) DO UPDATE SET app_did = EXCLUDED.app_did RETURNING user_did, id",
                "DELETE FROM model_calls c USING unnest($1::text[], $2::text[]) AS k(u, i) WHERE c.user_did = k.u AND c.id = k.i",
                "UPDATE credit_balances SET balance = $1 WHERE user_did = $2",
                // the write path as it is: identities finished over the batch's keys, the late rows read over them
                // (no locks across shards)
                "UPDATE model_call_ids k SET call_time = x.ct, terminal = true FROM (SELECT k0.user_did, k0.id, k0.call_time AS old_ct, x0.ct"
                        + " FROM model_call_ids k0 JOIN unnest($1::text[], $2::text[], $3::int8[]) AS x0(u, i, ct) ON k0.user_did = x0.u"
                        + " AND k0.id = x0.i WHERE NOT k0.terminal) x WHERE k.user_did = x.user_did AND k.id = x.id RETURNING k.user_did, k.id, x.old_ct",
                "WITH batch AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS k(u, a, m, t, ts))"
                        + " SELECT s.stats FROM batch k JOIN model_call_stats s ON s.user_did = k.u AND s.app_did IS NULL AND s.model_id IS NULL"
                        + " AND s.time_type = k.t AND s.\"timestamp\" = k.ts WHERE k.a IS NULL"
                        + " UNION ALL SELECT s.stats FROM batch k JOIN model_call_stats s ON s.user_did = k.u AND s.app_did = k.a"
                        + " AND s.model_id IS NULL AND s.time_type = k.t AND s.\"timestamp\" = k.ts WHERE k.a IS NOT NULL AND k.m IS NULL"
                        + " UNION ALL SELECT s.stats FROM batch k JOIN model_call_stats s ON s.user_did = k.u AND s.app_did = k.a"
                        + " AND s.model_id = k.m AND s.time_type = k.t AND s.\"timestamp\" = k.ts WHERE k.m IS NOT NULL",
                "SELECT user_did, id FROM model_call_ids WHERE user_did = ANY ($1) AND id = ANY ($2)",
                // the calls copied in name the column: Citus routes each row by it
                "COPY model_calls (user_did, id, app_did, model) FROM STDIN",
                // a month partition counts as model_calls; tables that are not distributed are not checked
                "SELECT count(*) FROM model_calls_2025_01 WHERE user_did = $1",
                "SELECT next_offset, owner FROM consumer_offsets WHERE consumer_group = $1 AND topic = $2 AND partition_no = $3 FOR UPDATE",
                "SELECT app_did, name FROM project_profiles WHERE app_did = ANY ($1)",
                "CREATE TABLE model_calls_2030_01 (LIKE model_calls INCLUDING DEFAULTS)")) {
            assertThat(r.problem(sql)).as(sql).isEmpty();
        }
    }

    @Test
    void statementsWithoutTheirUserFilterFail() throws Exception {
        SqlRouting r = routing();
        for (String sql : List.of(
                "SELECT count(*) FROM model_calls WHERE app_did = $1",
                "SELECT count(*) FROM model_calls_2025_01 WHERE app_did = $1",
                // one of two references filtered
                "SELECT c.id FROM (SELECT user_did, id FROM model_calls WHERE user_did = $1) page JOIN model_calls c ON c.id = page.id",
                "SELECT o.id FROM stats_outbox o JOIN model_call_stats s ON s.id = o.stat_id",
                "update credit_grants set remaining=$1,status=$2 where id=$3",
                "update credit_grants set remaining=$1,user_did=$2 where id=$3", // assigning is not filtering
                "insert into model_call_ids (id, call_time, terminal) values ($1, $2, $3)",
                "COPY model_calls (id, app_did, model) FROM STDIN",
                "DELETE FROM web_sessions WHERE user_did = $1", // sessions route by id_hash
                "SELECT s.stats FROM model_call_stats s JOIN unnest($1::text[]) AS k(u) ON s.user_did = k.u FOR UPDATE OF s")) {
            assertThat(r.problem(sql)).as(sql).isPresent();
        }
    }

    @Test
    void everyListedCrossUserStatementIsOneTheCheckRefusesAndHasAReason() throws Exception {
        SqlRouting r = routing();
        List<String> examples = List.of(
                "SELECT user_did, app_did, stats FROM model_call_stats WHERE \"timestamp\" >= $1 AND \"timestamp\" < $2",
                "SELECT id, user_did FROM model_calls WHERE status <> $1 AND call_time >= $2 AND call_time < $3 AND partition_no = $4",
                "SELECT o.id, s.user_did FROM stats_outbox o LEFT JOIN model_call_stats s ON s.user_did = o.user_did AND s.id = o.stat_id"
                        + " ORDER BY o.id LIMIT $1",
                "DELETE FROM model_call_stats WHERE time_type = 'hour' AND \"timestamp\" < $1".replace("'hour'", "$2"),
                "SELECT user_did, id, app_did, call_time FROM model_calls_2025_01",
                "DELETE FROM model_call_ids k USING model_calls_2025_01 p WHERE k.user_did = p.user_did AND k.id = p.id",
                "DELETE FROM stats_outbox WHERE id = ANY ($1)",
                "select cg1_0.id,cg1_0.user_did from credit_grants cg1_0 where cg1_0.status=$1 and cg1_0.expires_at is not null"
                        + " and cg1_0.expires_at<=$2 order by cg1_0.user_did,cg1_0.id",
                "delete from web_sessions where expires_at<$1");
        for (String sql : examples) {
            assertThat(r.problem(sql)).as("refused without the list: " + sql).isPresent();
            assertThat(SqlRouting.crossUser(sql)).as("listed: " + sql).isPresent();
        }
        assertThat(SqlRouting.CROSS_USER).allSatisfy(c -> {
            assertThat(c.reason()).isNotBlank();
            assertThat(examples).as(c.name() + " has an example").anyMatch(e -> c.pattern().matcher(SqlRouting.normalize(e)).find());
        });
        // a statement that merely resembles a listed one is not let through
        assertThat(SqlRouting.crossUser("SELECT count(*) FROM model_calls WHERE app_did = $1")).isEmpty();
    }
}
