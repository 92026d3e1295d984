-- The built-in credit ledger (used when no payment-kit URL is configured). Amounts are exact
-- decimals; every change of a balance is a transaction row in the same database transaction.
CREATE TABLE credit_grants (
    id           varchar(64)     PRIMARY KEY,
    user_did     varchar(256)    NOT NULL,
    amount       numeric(38, 10) NOT NULL CHECK (amount > 0),
    remaining    numeric(38, 10) NOT NULL CHECK (remaining >= 0),
    category     varchar(16)     NOT NULL CHECK (category IN ('paid', 'promotional')),
    status       varchar(16)     NOT NULL CHECK (status IN ('granted', 'depleted', 'expired', 'voided')),
    source       varchar(32)     NOT NULL DEFAULT 'admin',
    name         varchar(256),
    expires_at   bigint,
    created_at   bigint          NOT NULL
);
CREATE INDEX credit_grants_user_idx ON credit_grants (user_did, status, expires_at);

CREATE TABLE credit_transactions (
    id          varchar(64)     PRIMARY KEY,
    user_did    varchar(256)    NOT NULL,
    type        varchar(16)     NOT NULL CHECK (type IN ('grant', 'consumption', 'adjustment', 'expiration')),
    amount      numeric(38, 10) NOT NULL,
    description varchar(512),
    metadata    jsonb,
    grant_id    varchar(64),
    -- consumption is booked per user and hour: one row that grows as calls finish
    period_key  varchar(64),
    created_at  bigint          NOT NULL,
    updated_at  bigint          NOT NULL
);
CREATE UNIQUE INDEX credit_transactions_period_uq ON credit_transactions (user_did, period_key) WHERE period_key IS NOT NULL;
CREATE INDEX credit_transactions_user_time_idx ON credit_transactions (user_did, created_at DESC, id DESC);

-- Running balance per user; locked while a debit, a grant or an expiry changes it.
CREATE TABLE credit_balances (
    user_did varchar(256)    PRIMARY KEY,
    balance  numeric(38, 10) NOT NULL
);

-- Each finished call is debited once, however often its event is delivered.
CREATE TABLE ledger_debited_calls (
    user_did   varchar(256)    NOT NULL,
    call_id    varchar(128)    NOT NULL,
    credits    numeric(38, 10) NOT NULL,
    debited_at bigint          NOT NULL,
    PRIMARY KEY (user_did, call_id)
);

CREATE TABLE auto_recharge_configs (
    user_did     varchar(256)    PRIMARY KEY,
    enabled      boolean         NOT NULL,
    threshold    numeric(38, 10) NOT NULL CHECK (threshold >= 0),
    quantity     numeric(38, 10) NOT NULL CHECK (quantity > 0),
    max_attempts integer         NOT NULL CHECK (max_attempts >= 0),
    max_amount   numeric(38, 10) NOT NULL CHECK (max_amount >= 0),
    updated_at   bigint          NOT NULL
);
