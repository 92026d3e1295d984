-- Late events rewrite flushed ModelCallStat rows (issue 14, docs/benchmarks.md "Ingest levers").
--
-- 1. Room on each page for an updated row: an update of stats, sketch, version and updated_at (no
--    indexed column) then stays on its page (HOT) and touches none of the table's seven indexes;
--    with full pages every late merge wrote a new entry in each of them. New pages only.
ALTER TABLE model_call_stats SET (fillfactor = 70);

-- 2. The outbox holds one entry per changed row until it is drained, not one per change: the drain
--    publishes a row's current state anyway. A row changed again after the drain read its entry gets
--    a new entry id, so the drain's "DELETE ... WHERE id = ANY(read ids)" leaves it for the next drain
--    (nothing announced is lost). The triggers run once per statement over its transition table
--    instead of a PL/pgSQL call per row. PostgreSQL allows a transition table only on a trigger of
--    one event, hence two triggers; the INSERT one keeps the old name (data loads disable it).
DELETE FROM stats_outbox o USING stats_outbox newer
WHERE newer.user_did = o.user_did AND newer.stat_id = o.stat_id AND newer.id > o.id;
CREATE UNIQUE INDEX stats_outbox_row_uq ON stats_outbox (user_did, stat_id);

DROP TRIGGER model_call_stats_outbox ON model_call_stats;
DROP FUNCTION model_call_stats_announce();

CREATE FUNCTION model_call_stats_announce() RETURNS trigger AS $$
BEGIN
    INSERT INTO stats_outbox (user_did, stat_id)
    SELECT DISTINCT user_did, id FROM changed_rows
    ON CONFLICT (user_did, stat_id) DO UPDATE SET id = nextval(pg_get_serial_sequence('stats_outbox', 'id'));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER model_call_stats_outbox AFTER INSERT ON model_call_stats
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION model_call_stats_announce();
CREATE TRIGGER model_call_stats_outbox_update AFTER UPDATE ON model_call_stats
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION model_call_stats_announce();
