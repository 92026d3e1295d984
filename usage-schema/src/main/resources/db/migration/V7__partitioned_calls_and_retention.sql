-- model_calls becomes partitioned by UTC month of call_time, so that a month of calls can be
-- archived and dropped as a whole (docs/decisions/0007-partitioned-calls-and-retention.md).
--
-- A partitioned table's unique indexes must contain the partition key, and a call's call_time may
-- change when its terminal event replaces the processing one (docs/contracts.md §1), so the
-- identity "one call per (user_did, id)" moves to model_call_ids: one small row per call, its
-- current call_time (where its row lives) and whether it is final. The writer decides every
-- event against it; model_calls itself needs no unique index (one index fewer on the hot path).

DROP INDEX model_calls_project_time_idx;
DROP INDEX model_calls_user_time_idx;
DROP INDEX model_calls_partition_time_idx;
ALTER TABLE model_calls RENAME TO model_calls_v6;
ALTER TABLE model_calls_v6 RENAME CONSTRAINT model_calls_pkey TO model_calls_v6_pkey;

CREATE TABLE model_calls (
    user_did      varchar(256)   NOT NULL,
    id            varchar(128)   NOT NULL,
    app_did       varchar(256),
    model         varchar(256)   NOT NULL,
    provider_id   varchar(256),
    type          varchar(32)    NOT NULL,
    status        varchar(16)    NOT NULL CHECK (status IN ('processing', 'success', 'failed')),
    duration_ms   double precision NOT NULL CHECK (duration_ms >= 0),
    total_usage   bigint         NOT NULL CHECK (total_usage >= 0),
    credits       numeric(38, 10) NOT NULL CHECK (credits >= 0),
    call_time     bigint         NOT NULL,
    error_reason  varchar(1000),
    usage_metrics jsonb,
    metadata      jsonb,
    request_id    varchar(256),
    trace_id      varchar(256),
    created_at    timestamptz    NOT NULL DEFAULT now(),
    updated_at    timestamptz    NOT NULL DEFAULT now(),
    partition_no  integer
) PARTITION BY RANGE (call_time);

-- The same three reads as before (call list, live user sums, a partition owner's open hours).
CREATE INDEX model_calls_project_time_idx ON model_calls (user_did, app_did, call_time DESC, id DESC);
CREATE INDEX model_calls_user_time_idx ON model_calls (user_did, call_time);
CREATE INDEX model_calls_partition_time_idx ON model_calls (partition_no, call_time) WHERE status <> 'processing';

CREATE TABLE model_call_ids (
    user_did  varchar(256) NOT NULL,
    id        varchar(128) NOT NULL,
    call_time bigint       NOT NULL,
    terminal  boolean      NOT NULL,
    PRIMARY KEY (user_did, id)
);

-- What retention has removed: raw calls exist from kept_from on ('raw'), hour rows of
-- model_call_stats from kept_from on ('hour'); day rows are kept forever. No row: nothing removed.
CREATE TABLE data_retention (
    kind       varchar(8)  PRIMARY KEY CHECK (kind IN ('raw', 'hour')),
    kept_from  bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A month brought back from its archive stays until held_until: the retention job does not expire
-- it (nor any newer month) again before then.
CREATE TABLE archive_restores (
    month_start bigint      PRIMARY KEY,
    held_until  timestamptz NOT NULL,
    restored_at timestamptz NOT NULL DEFAULT now()
);

-- The one way a month partition comes to exist (this migration, the aggregator's job ahead of
-- time, a batch holding an older call): for the UTC month holding p_call_time, unless retention
-- already removed that month (then NULL). LIKE + ATTACH with a matching CHECK takes only SHARE
-- UPDATE EXCLUSIVE on model_calls, so readers and writers go on meanwhile; the advisory lock
-- keeps two aggregators (and the retention job) from racing on one month.
CREATE FUNCTION model_calls_month_partition(p_call_time bigint) RETURNS text AS $$
DECLARE
    month_start timestamp := date_trunc('month', to_timestamp(p_call_time) AT TIME ZONE 'UTC');
    lower_bound bigint := extract(epoch FROM month_start)::bigint;
    upper_bound bigint := extract(epoch FROM month_start + interval '1 month')::bigint;
    part text := 'model_calls_' || to_char(month_start, 'YYYY_MM');
    raw_from bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(0x5A770002);
    SELECT kept_from INTO raw_from FROM data_retention WHERE kind = 'raw';
    IF raw_from IS NOT NULL AND upper_bound <= raw_from THEN
        RETURN NULL;
    END IF;
    IF to_regclass(part) IS NOT NULL THEN
        RETURN part;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE model_calls INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (call_time >= %s AND call_time < %s)',
                   part, part || '_month', lower_bound, upper_bound);
    EXECUTE format('ALTER TABLE model_calls ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                   part, lower_bound, upper_bound);
    RETURN part;
END;
$$ LANGUAGE plpgsql;

-- Existing calls move over unchanged (a month partition for each month they cover).
DO $$
DECLARE
    m bigint;
BEGIN
    FOR m IN SELECT DISTINCT extract(epoch FROM date_trunc('month', to_timestamp(call_time) AT TIME ZONE 'UTC'))::bigint
             FROM model_calls_v6 LOOP
        PERFORM model_calls_month_partition(m);
    END LOOP;
END;
$$;

INSERT INTO model_calls (user_did, id, app_did, model, provider_id, type, status, duration_ms, total_usage, credits,
                         call_time, error_reason, usage_metrics, metadata, request_id, trace_id, created_at, updated_at,
                         partition_no)
SELECT user_did, id, app_did, model, provider_id, type, status, duration_ms, total_usage, credits,
       call_time, error_reason, usage_metrics, metadata, request_id, trace_id, created_at, updated_at, partition_no
FROM model_calls_v6;

INSERT INTO model_call_ids (user_did, id, call_time, terminal)
SELECT user_did, id, call_time, status <> 'processing' FROM model_calls_v6;

DROP TABLE model_calls_v6;
