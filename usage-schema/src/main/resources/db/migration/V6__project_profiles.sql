-- What a project is called and how it looks (AIGNE Hub's Projects table: appName, appLogo, appUrl).
-- Keyed by appDid alone: an app's name is the app's, the same for every user who calls through it.
-- Written by the aggregator's PUT /api/ingest/projects/{appDid} (role ingest), read by the query
-- service beside each project's numbers. Small and shared by every user: a reference table, not a
-- distributed one, should the calls ever be sharded by user_did.
CREATE TABLE project_profiles (
    app_did    VARCHAR(256)  PRIMARY KEY,
    name       VARCHAR(200)  NOT NULL,
    logo_url   VARCHAR(2048),
    app_url    VARCHAR(2048),
    updated_at TIMESTAMPTZ   NOT NULL DEFAULT now()
);
