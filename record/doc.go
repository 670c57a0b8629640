// Package record keeps what a closed case leaves behind, beside Temporal and
// for as long as the trade needs it (docs/records.md): one row per case (its
// case ID, workflow ID and run ID), its services, its providers' scorecard
// entries, its ops alerts and its timeline, in a SQL database of its own —
// SQLite (the pure-Go modernc.org/sqlite, WAL) on the embedded default,
// PostgreSQL (pgx) on the cluster shape. The schema is brought up to date
// when a store opens (embedded migrations per dialect, github.com/pressly/goose).
//
// Privacy as for payloads (docs/privacy.md): in clear only what a rule, a
// query or an export needs (VIN, plate, client, owner, dates, natures,
// origins, handlers, providers, states, amounts); the rest — the valet, the
// positions, free text, the whole outcome the pages show — sealed with the
// payload key ring (package encryption), its key id kept beside it so keys
// rotate.
//
// A case is recorded once per case ID: a retried write, a worker killed in
// the middle of one, or a replay leave exactly one record.
package record
