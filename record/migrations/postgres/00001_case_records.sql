-- The record of a closed case (docs/records.md), PostgreSQL.

-- +goose Up
CREATE TABLE cases (
    case_id             TEXT PRIMARY KEY,          -- WORKFLOW_ID/RUN_ID
    workflow_id         TEXT NOT NULL,
    run_id              TEXT NOT NULL,
    mission_id          TEXT NOT NULL,
    client_id           TEXT NOT NULL,
    owner_id            TEXT NOT NULL DEFAULT '',  -- the owner or lessor, when not the client
    vin                 TEXT NOT NULL,
    plate               TEXT NOT NULL,
    vehicle_kind        TEXT NOT NULL,
    vehicle_make        TEXT NOT NULL DEFAULT '',
    vehicle_model       TEXT NOT NULL DEFAULT '',
    assistance_type     TEXT NOT NULL DEFAULT '',
    assistance_provider TEXT NOT NULL DEFAULT '',
    program             TEXT NOT NULL DEFAULT '',
    broke_down_at       TIMESTAMPTZ NOT NULL,
    reported_at         TIMESTAMPTZ NOT NULL,
    closed_at           TIMESTAMPTZ NOT NULL,
    stage               TEXT NOT NULL,
    origin              TEXT NOT NULL DEFAULT '',
    nature              TEXT NOT NULL DEFAULT '',
    qualified_by        TEXT NOT NULL DEFAULT '',
    handler             TEXT NOT NULL DEFAULT '',
    provider            TEXT NOT NULL DEFAULT '',
    fallback            BOOLEAN NOT NULL DEFAULT FALSE,
    payer               TEXT NOT NULL DEFAULT '',
    liability           TEXT NOT NULL DEFAULT '',
    coverage            TEXT NOT NULL DEFAULT '',
    coverage_reason     TEXT NOT NULL DEFAULT '',
    approval            TEXT NOT NULL DEFAULT '',
    approval_reason     TEXT NOT NULL DEFAULT '',
    tow_destination     TEXT NOT NULL DEFAULT '',
    mission             TEXT NOT NULL DEFAULT '',
    cancelled           BOOLEAN NOT NULL DEFAULT FALSE,
    eta_breached        BOOLEAN NOT NULL DEFAULT FALSE,
    warranty            TEXT NOT NULL DEFAULT '',  -- the claim's state; '' without a claim
    event_number        TEXT NOT NULL DEFAULT '',
    claim_manager       TEXT NOT NULL DEFAULT '',
    claim_repairer      TEXT NOT NULL DEFAULT '',
    quote_eur           INTEGER,
    covered_eur         INTEGER,
    client_share_eur    INTEGER,
    owner_notified_at   TIMESTAMPTZ,
    sealed_key          TEXT NOT NULL,             -- the payload key that sealed what follows
    sealed              BYTEA NOT NULL,             -- nonce || AES-256-GCM(outcome and report)
    recorded_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX cases_vin_broke_down_at ON cases (vin, broke_down_at);
CREATE INDEX cases_client_broke_down_at ON cases (client_id, broke_down_at);
CREATE INDEX cases_mission ON cases (mission_id);
CREATE INDEX cases_closed_at ON cases (closed_at);

CREATE TABLE case_services (
    case_id  TEXT NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    service  TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, seq)
);

-- One row per assignment a provider accepted (or was asked for): what its
-- scorecard is computed from.
CREATE TABLE case_scorecard (
    case_id       TEXT NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    provider      TEXT NOT NULL,
    assignment_id TEXT NOT NULL DEFAULT '',
    requested_at  TIMESTAMPTZ,
    accepted_at   TIMESTAMPTZ,
    promised_at   TIMESTAMPTZ,
    on_site_at    TIMESTAMPTZ,
    replaced      TEXT NOT NULL DEFAULT '',        -- eta_breached, superseded, or ''
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_scorecard_provider ON case_scorecard (provider, requested_at);

-- The ops alerts and how they were handled; who handled them, what they did
-- and their notes are sealed with the outcome.
CREATE TABLE case_alerts (
    case_id    TEXT NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    raised_at  TIMESTAMPTZ,
    handled    TEXT NOT NULL DEFAULT '',           -- resolved, acknowledged, answered:UPDATE, or '' (never)
    handled_at TIMESTAMPTZ,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_alerts_kind ON case_alerts (kind, raised_at);

-- The steps of the case; their reasons (free text) are sealed with the outcome.
CREATE TABLE case_timeline (
    case_id TEXT NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    at      TIMESTAMPTZ,
    stage   TEXT NOT NULL,
    step    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- +goose Down
DROP TABLE case_timeline;
DROP TABLE case_alerts;
DROP TABLE case_scorecard;
DROP TABLE case_services;
DROP TABLE cases;
