-- ModelCallStat at three levels: user (app_did and model_id NULL), project (model_id NULL) and
-- model. The KLL latency sketch is kept as bytes beside the stats JSON; version grows with each
-- re-flush so consumers of the stats events keep the newest.
ALTER TABLE model_call_stats
    ADD COLUMN app_did        varchar(256),
    ADD COLUMN model_id       varchar(256),
    ADD COLUMN latency_sketch bytea,
    ADD COLUMN version        integer     NOT NULL DEFAULT 1,
    ADD COLUMN updated_at     timestamptz NOT NULL DEFAULT now();
ALTER TABLE model_call_stats DROP CONSTRAINT model_call_stats_user_bucket_uq;
ALTER TABLE model_call_stats ADD CONSTRAINT model_call_stats_bucket_uq
    UNIQUE NULLS NOT DISTINCT (user_did, app_did, model_id, time_type, "timestamp");
CREATE INDEX model_call_stats_project_idx ON model_call_stats (user_did, app_did, "timestamp", time_type);
CREATE INDEX model_call_stats_model_idx ON model_call_stats (user_did, model_id, "timestamp");

-- The Kafka partition a call came through: a partition's owner rebuilds its open hours from it.
-- NULL for calls stored before this migration (they are covered by the backfill).
ALTER TABLE model_calls ADD COLUMN partition_no integer;
CREATE INDEX model_calls_partition_time_idx ON model_calls (partition_no, call_time) WHERE status <> 'processing';

-- Per partition: every hour before flushed_until is in model_call_stats; later hours are still
-- only in model_calls (and in the owner's memory). The query service reads the minimum.
CREATE TABLE stat_watermarks (
    partition_no  integer     PRIMARY KEY,
    flushed_until bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Outbox of changed ModelCallStat rows: filled by a trigger in the same transaction as the
-- change, drained to aigne.model-call-stats.v1 after commit, so no change goes unannounced.
CREATE TABLE stats_outbox (
    id      bigserial PRIMARY KEY,
    stat_id bigint    NOT NULL
);

CREATE FUNCTION model_call_stats_announce() RETURNS trigger AS $$
BEGIN
    INSERT INTO stats_outbox (stat_id) VALUES (NEW.id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER model_call_stats_outbox AFTER INSERT OR UPDATE ON model_call_stats
    FOR EACH ROW EXECUTE FUNCTION model_call_stats_announce();
