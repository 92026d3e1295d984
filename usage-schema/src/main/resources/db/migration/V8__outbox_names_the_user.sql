-- Each outbox entry names the user of its changed row, so the drain joins the outbox with
-- model_call_stats on (user_did, id): a co-located join once both are distributed by user_did
-- (docs/decisions/0008-citus-path.md), and no row lock across users is needed (the drain takes an
-- advisory lock instead of FOR UPDATE SKIP LOCKED).
ALTER TABLE stats_outbox ADD COLUMN user_did varchar(256);
UPDATE stats_outbox o SET user_did = s.user_did FROM model_call_stats s WHERE s.id = o.stat_id;
DELETE FROM stats_outbox WHERE user_did IS NULL; -- its row is gone: nothing left to announce
ALTER TABLE stats_outbox ALTER COLUMN user_did SET NOT NULL;

CREATE OR REPLACE FUNCTION model_call_stats_announce() RETURNS trigger AS $$
BEGIN
    INSERT INTO stats_outbox (user_did, stat_id) VALUES (NEW.user_did, NEW.id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
