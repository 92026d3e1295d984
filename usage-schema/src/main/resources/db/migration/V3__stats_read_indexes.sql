-- The query service's two grouped reads: all projects of a user (project-level rows only) and
-- all models of a project (model-level rows only). Without these, both scan every row of the
-- user or project at every level.
CREATE INDEX model_call_stats_projects_idx ON model_call_stats (user_did, time_type, "timestamp")
    WHERE app_did IS NOT NULL AND model_id IS NULL;
CREATE INDEX model_call_stats_models_idx ON model_call_stats (user_did, app_did, time_type, "timestamp")
    WHERE model_id IS NOT NULL;
