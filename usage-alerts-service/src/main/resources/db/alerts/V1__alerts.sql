-- usage-alerts-service's own tables (migration history alerts_flyway_history; docs/alerts.md, decision 0009)

-- rules each user manages for themselves
CREATE TABLE alert_rules (
    id               uuid PRIMARY KEY,
    user_did         text    NOT NULL,
    name             text    NOT NULL,
    kind             text    NOT NULL CHECK (kind IN ('errorRate', 'p95Latency', 'budget', 'creditsBelow', 'daysBelow')),
    enabled          boolean NOT NULL,
    app_did          text,
    model_id         text,
    threshold        numeric NOT NULL,
    window_hours     int,
    min_calls        int,
    period           text CHECK (period IN ('day', 'month')),
    notify_at        int[],
    cooldown_minutes int     NOT NULL,
    webhook_url      text,
    webhook_secret   text    NOT NULL,
    created_at       bigint  NOT NULL,
    updated_at       bigint  NOT NULL
);
CREATE INDEX alert_rules_user ON alert_rules (user_did);

-- the newest known state of each ModelCallStat row the streams announced: the flushed row with the
-- highest version (version >= 1), else the running snapshot with the most calls (version 0)
CREATE TABLE alert_buckets (
    user_did  text   NOT NULL,
    app_did   text   NOT NULL,   -- '' at the user level
    model_id  text   NOT NULL,   -- '' at the user and project levels
    time_type text   NOT NULL CHECK (time_type IN ('hour', 'day')),
    ts        bigint NOT NULL,
    version   int    NOT NULL,
    calls     bigint NOT NULL,
    stats     jsonb  NOT NULL,
    sketch    bytea,
    PRIMARY KEY (user_did, app_did, model_id, time_type, ts)
);

-- an episode: opened once when a rule's condition starts, resolved once when it ends.
-- `slot` tells a budget's episodes apart (period start + percentage); '' for other kinds
CREATE TABLE alert_episodes (
    id          bigserial PRIMARY KEY,
    rule_id     uuid    NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    user_did    text    NOT NULL,
    slot        text    NOT NULL,
    opened_at   bigint  NOT NULL,
    open_value  numeric NOT NULL,
    resolved_at bigint,
    close_value numeric
);
CREATE UNIQUE INDEX alert_episodes_one_open ON alert_episodes (rule_id, slot) WHERE resolved_at IS NULL;
-- a budget opens once per period and percentage, whatever happens later in the period
CREATE UNIQUE INDEX alert_episodes_budget_once ON alert_episodes (rule_id, slot) WHERE slot <> '';
CREATE INDEX alert_episodes_user ON alert_episodes (user_did, opened_at DESC);

-- in-app notifications (the bell): one per episode opened and one per episode resolved
CREATE TABLE alert_notifications (
    id         bigserial PRIMARY KEY,
    user_did   text   NOT NULL,
    rule_id    uuid   REFERENCES alert_rules (id) ON DELETE SET NULL,
    episode_id bigint NOT NULL,
    event      text   NOT NULL CHECK (event IN ('opened', 'resolved')),
    at         bigint NOT NULL,
    body       jsonb  NOT NULL,   -- the notification as the API and the webhook show it
    read_at    bigint,
    UNIQUE (episode_id, event)
);
CREATE INDEX alert_notifications_user ON alert_notifications (user_did, id DESC);
CREATE INDEX alert_notifications_unread ON alert_notifications (user_did) WHERE read_at IS NULL;

-- webhook deliveries (an outbox written with the episode) and every attempt
CREATE TABLE alert_deliveries (
    id              uuid PRIMARY KEY,
    notification_id bigint NOT NULL REFERENCES alert_notifications (id) ON DELETE CASCADE,
    rule_id         uuid   REFERENCES alert_rules (id) ON DELETE CASCADE,
    user_did        text   NOT NULL,
    url             text   NOT NULL,
    state           text   NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        int    NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL,
    created_at      bigint NOT NULL
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_deliveries_rule ON alert_deliveries (rule_id, created_at DESC);

CREATE TABLE alert_delivery_attempts (
    delivery_id uuid   NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    attempt     int    NOT NULL,
    at          bigint NOT NULL,
    status      int,            -- HTTP status, null when no answer
    error       text,           -- why it failed (timeout, refused address, ...)
    duration_ms int    NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- the next offset to read per topic partition, committed with the state it produced
CREATE TABLE alert_offsets (
    topic       text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- the last quota answer per user (credits rules), for the delivery's message and the page
CREATE TABLE alert_quota (
    user_did   text PRIMARY KEY,
    remaining  numeric,
    days_left  numeric,
    checked_at bigint NOT NULL
);
