-- Every request to a provider and what became of it (docs/scorecards.md),
-- SQLite: how it was answered, the refusal's reason, the first ETA, how the
-- work ended. Entries written before were all accepted assignments.

-- +goose Up
ALTER TABLE case_scorecard ADD COLUMN service TEXT NOT NULL DEFAULT '';         -- assistance, tow, on_site_repair
ALTER TABLE case_scorecard ADD COLUMN answer TEXT NOT NULL DEFAULT '';          -- accepted, refused, expired, saturated, unreachable
ALTER TABLE case_scorecard ADD COLUMN answered_at TEXT;                         -- when a refusal came
ALTER TABLE case_scorecard ADD COLUMN reason TEXT NOT NULL DEFAULT '';          -- the provider's reason for a refusal (a code)
ALTER TABLE case_scorecard ADD COLUMN eta_seconds INTEGER;                      -- the ETA given with the acceptance
ALTER TABLE case_scorecard ADD COLUMN ended TEXT NOT NULL DEFAULT '';           -- repaired, towed, fixed_by_phone, goa, or ''
ALTER TABLE case_scorecard ADD COLUMN ended_at TEXT;
ALTER TABLE case_scorecard ADD COLUMN unsuccessful_at TEXT;                     -- an on-site repair failed
UPDATE case_scorecard SET answer = 'accepted' WHERE accepted_at IS NOT NULL;
CREATE INDEX case_scorecard_requested_at ON case_scorecard (requested_at);

-- +goose Down
DROP INDEX case_scorecard_requested_at;
ALTER TABLE case_scorecard DROP COLUMN unsuccessful_at;
ALTER TABLE case_scorecard DROP COLUMN ended_at;
ALTER TABLE case_scorecard DROP COLUMN ended;
ALTER TABLE case_scorecard DROP COLUMN eta_seconds;
ALTER TABLE case_scorecard DROP COLUMN reason;
ALTER TABLE case_scorecard DROP COLUMN answered_at;
ALTER TABLE case_scorecard DROP COLUMN answer;
ALTER TABLE case_scorecard DROP COLUMN service;
