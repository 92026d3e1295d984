-- Browser sessions of usage-web. The cookie holds a random id; only its SHA-256 is stored, next to
-- the tokens the gateway passes on (tokens never reach the browser).
CREATE TABLE web_sessions (
    id_hash        text PRIMARY KEY,
    user_did       text,
    access_token   text        NOT NULL,
    id_token       text,
    refresh_token  text,
    access_expires_in bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
