-- One row per call; the source of truth. A call is identified by (user_did, id) so one user's
-- producer can never overwrite another user's call by reusing an id.
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
    PRIMARY KEY (user_did, id)
);

-- The call list of a project: newest first, stable by id.
CREATE INDEX model_calls_project_time_idx ON model_calls (user_did, app_did, call_time DESC, id DESC);
-- Live (not yet flushed) user-level aggregates.
CREATE INDEX model_calls_user_time_idx ON model_calls (user_did, call_time);

-- Pre-aggregated statistics, user level only: the shape AIGNE Hub's table had before the
-- refactor. V2 adds the project and model levels; installations coming from this shape run the
-- reconcile/backfill command afterwards to fill them (README).
CREATE TABLE model_call_stats (
    id          bigserial    PRIMARY KEY,
    user_did    varchar(256) NOT NULL,
    "timestamp" bigint       NOT NULL,
    time_type   varchar(8)   NOT NULL CHECK (time_type IN ('hour', 'day')),
    stats       jsonb        NOT NULL,
    CONSTRAINT model_call_stats_user_bucket_uq UNIQUE (user_did, time_type, "timestamp")
);

-- Idempotent consumer: the next offset to read per partition, committed in the same
-- transaction as the rows it produced, so a crash can neither lose nor repeat an event.
CREATE TABLE consumer_offsets (
    consumer_group varchar(256) NOT NULL,
    topic          varchar(256) NOT NULL,
    partition_no   integer      NOT NULL,
    next_offset    bigint       NOT NULL,
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition_no)
);
