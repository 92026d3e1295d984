-- A version per user that grows whenever any of the user's model_call_stats rows is inserted,
-- updated or deleted, by whichever writer (hourly flush, late merge, retention, archive restore,
-- reconcile, a manual fix). The query service labels its cached answers over flushed rows with it
-- (docs/decisions/0010-query-answer-cache.md): a changed row changes the version, so the next
-- answer misses the cache and reads the rows again. No code in the writers is needed.
CREATE TABLE user_stats_versions (
    user_did varchar(256) PRIMARY KEY,
    version  bigint NOT NULL
);

-- Statement-level: one bump per distinct user per statement, however many rows it wrote. Users are
-- bumped in user_did order so two concurrent statements lock the version rows in the same order.
CREATE FUNCTION user_stats_versions_bump() RETURNS trigger AS $$
BEGIN
    INSERT INTO user_stats_versions AS v (user_did, version)
    SELECT DISTINCT user_did, 1 FROM changed_rows ORDER BY user_did
    ON CONFLICT (user_did) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- PostgreSQL allows a transition table only on a trigger of one event, hence three triggers. An
-- UPDATE keeps user_did (no writer changes it), so its new rows name every affected user.
CREATE TRIGGER model_call_stats_version_insert AFTER INSERT ON model_call_stats
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION user_stats_versions_bump();
CREATE TRIGGER model_call_stats_version_update AFTER UPDATE ON model_call_stats
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION user_stats_versions_bump();
CREATE TRIGGER model_call_stats_version_delete AFTER DELETE ON model_call_stats
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION user_stats_versions_bump();

-- TRUNCATE has no transition table: it bumps every user.
CREATE FUNCTION user_stats_versions_bump_all() RETURNS trigger AS $$
BEGIN
    UPDATE user_stats_versions SET version = version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER model_call_stats_version_truncate AFTER TRUNCATE ON model_call_stats
    FOR EACH STATEMENT EXECUTE FUNCTION user_stats_versions_bump_all();
