-- One project's rows of one time type over a range (project stats and trends). The spec's
-- (user_did, app_did, timestamp, time_type) index also holds the project's model rows and both
-- time types, so a 90-day read of day rows walked every hour and model row in between.
CREATE INDEX model_call_stats_project_rows_idx ON model_call_stats (user_did, app_did, time_type, "timestamp")
    WHERE model_id IS NULL AND app_did IS NOT NULL;
