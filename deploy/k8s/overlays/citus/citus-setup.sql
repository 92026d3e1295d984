-- Citus layout of AIGNE Hub Usage (docs/decisions/0008-citus-path.md). Run on the coordinator by the
-- citus-setup Job after the services' Flyway migrations (usage-schema, the quota ledger, usage-web's
-- sessions, usage-alerts' tables), in one transaction; it fails until every table below exists, and changes nothing when
-- run again. Every table the migrations create is named here once: distributed, reference, or
-- local on the coordinator (KubernetesManifestsTest fails for a table without a decision).

-- The stats outbox trigger runs on model_call_stats' shards and writes the co-located outbox shard.
SET citus.enable_unsafe_triggers TO on;
ALTER DATABASE usage SET citus.enable_unsafe_triggers TO on;

-- Citus-only adaptations, before distributing: a distributed table's unique keys must contain its
-- distribution column. model_call_stats, credit_grants and credit_transactions are keyed by a
-- surrogate id alone; (user_did, id) is as unique.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['model_call_stats', 'credit_grants', 'credit_transactions'] LOOP
        IF (SELECT array_length(conkey, 1) FROM pg_constraint WHERE conname = t || '_pkey') = 1 THEN
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I, ADD CONSTRAINT %I PRIMARY KEY (user_did, id)', t, t || '_pkey', t || '_pkey');
        END IF;
    END LOOP;
    -- the outbox names its row's user since V8; its key gains that column here
    IF (SELECT array_length(conkey, 1) FROM pg_constraint WHERE conname = 'stats_outbox_pkey') = 1 THEN
        ALTER TABLE stats_outbox DROP CONSTRAINT stats_outbox_pkey, ADD CONSTRAINT stats_outbox_pkey PRIMARY KEY (user_did, id);
    END IF;
END;
$$;

-- Reference tables: small, shared by every user, copied to every node.
SELECT create_reference_table('project_profiles')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'project_profiles'::regclass);

-- Distributed by user_did, 32 shards, one co-location group: a user's calls, identities, stat rows,
-- outbox entries and ledger rows live in the same shard, so every per-user statement (and a join
-- between these tables on user_did) runs on one worker. model_calls' month partitions are
-- distributed with it, and a partition attached later (model_calls_month_partition) too.
SET citus.shard_count TO 32;
SELECT create_distributed_table('model_calls', 'user_did', colocate_with => 'none')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'model_calls'::regclass);
SELECT create_distributed_table('model_call_ids', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'model_call_ids'::regclass);
SELECT create_distributed_table('model_call_stats', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'model_call_stats'::regclass);
SELECT create_distributed_table('stats_outbox', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'stats_outbox'::regclass);
-- The stats version the query service's answer cache is keyed by (V9, decision 0010): bumped by
-- statement-level triggers with transition tables on model_call_stats. Co-located, so a shard's
-- trigger writes the user's version in its own shard. Not yet run on a cluster: until a Citus run
-- shows those triggers firing on the shards, usage-query runs with USAGE_QUERY_ANSWER_CACHE_ENABLED=false
-- (database-url.yaml).
SELECT create_distributed_table('user_stats_versions', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'user_stats_versions'::regclass);
SELECT create_distributed_table('credit_grants', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'credit_grants'::regclass);
SELECT create_distributed_table('credit_transactions', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'credit_transactions'::regclass);
SELECT create_distributed_table('credit_balances', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'credit_balances'::regclass);
SELECT create_distributed_table('ledger_debited_calls', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'ledger_debited_calls'::regclass);
SELECT create_distributed_table('auto_recharge_configs', 'user_did', colocate_with => 'model_calls')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'auto_recharge_configs'::regclass);

-- Web sessions are found by the hash of their cookie, never by user: distributed by id_hash, in a
-- group of their own (nothing joins them with the users' tables).
SELECT create_distributed_table('web_sessions', 'id_hash', colocate_with => 'none')
WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'web_sessions'::regclass);

-- Local on the coordinator: a few rows each, written in the same transactions as the distributed
-- rows they describe (the coordinator's commit decides those), read only through the coordinator.
-- As reference tables, every consumer batch's offset would be a write on every node.
COMMENT ON TABLE consumer_offsets IS 'citus: local on the coordinator; one row per Kafka partition, committed with each batch';
COMMENT ON TABLE stat_watermarks IS 'citus: local on the coordinator; one row per Kafka partition, written by each flush';
COMMENT ON TABLE archive_restores IS 'citus: local on the coordinator; one row per restored month, read by the retention job there';
COMMENT ON TABLE data_retention IS 'citus: local on the coordinator; two rows, read by model_calls_month_partition there';
COMMENT ON TABLE flyway_schema_history IS 'citus: local on the coordinator; the migrations run there';
COMMENT ON TABLE quota_flyway_history IS 'citus: local on the coordinator; the migrations run there';
COMMENT ON TABLE web_flyway_history IS 'citus: local on the coordinator; the migrations run there';

-- usage-alerts-service: local on the coordinator, as on a single PostgreSQL. Its tables join nothing
-- of the users' shards; they are keyed by their own ids (rules, episodes, notifications and deliveries
-- reference each other by id, not by user_did), its webhook outbox is claimed across users with
-- FOR UPDATE SKIP LOCKED, and its per-user advisory locks must live where its sessions run. The
-- buckets are pruned to the last days the rules read (BucketStore.prune).
COMMENT ON TABLE alert_rules IS 'citus: local on the coordinator; at most 100 rules per user';
COMMENT ON TABLE alert_buckets IS 'citus: local on the coordinator; the stat rows the rules read, pruned by the tick';
COMMENT ON TABLE alert_episodes IS 'citus: local on the coordinator; references alert_rules by id';
COMMENT ON TABLE alert_notifications IS 'citus: local on the coordinator; references alert_rules by id';
COMMENT ON TABLE alert_deliveries IS 'citus: local on the coordinator; the webhook outbox, claimed with SKIP LOCKED across users';
COMMENT ON TABLE alert_delivery_attempts IS 'citus: local on the coordinator; references alert_deliveries by id';
COMMENT ON TABLE alert_offsets IS 'citus: local on the coordinator; one row per Kafka partition, committed with each batch';
COMMENT ON TABLE alert_quota IS 'citus: local on the coordinator; one row per user with a credits rule';
COMMENT ON TABLE alerts_flyway_history IS 'citus: local on the coordinator; the migrations run there';
