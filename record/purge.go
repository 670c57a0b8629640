package record

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// DefaultRetention is how long a record is kept after its case closed: five
// years, the limitation period of the claims between traders, or between a
// trader and a non-trader, in France (Code de commerce, article L110-4; the
// Code civil's article 2224 gives the same five years to personal actions).
// A client or a lessor can dispute a case until then; docs/records.md says why.
const DefaultRetention = "5y"

// Retention is how long records are kept: years, days, or a Go duration.
type Retention struct {
	years, days int
	d           time.Duration
	text        string
}

var retentionPattern = regexp.MustCompile(`^([0-9]+)([yd])$`)

// ParseRetention reads a retention such as 5y (years), 400d (days) or 2160h
// (a Go duration); it must be longer than zero.
func ParseRetention(s string) (Retention, error) {
	if m := retentionPattern.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n <= 0 || n > 100000 {
			return Retention{}, fmt.Errorf("retention %q: expected a number of years or days above zero", s)
		}
		if m[2] == "y" {
			return Retention{years: n, text: s}, nil
		}
		return Retention{days: n, text: s}, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return Retention{}, fmt.Errorf("retention %q: expected years (5y), days (400d) or a duration (2160h) above zero", s)
	}
	return Retention{d: d, text: s}, nil
}

// String is the retention as it was given.
func (r Retention) String() string { return r.text }

// Cutoff is the oldest close kept at now: records of cases closed before it
// are purged.
func (r Retention) Cutoff(now time.Time) time.Time {
	return now.AddDate(-r.years, 0, -r.days).Add(-r.d)
}

// childTables are the tables whose rows belong to a case.
var childTables = []string{"case_services", "case_scorecard", "case_alerts", "case_timeline"}

// Purge removes the records of the cases closed before cutoff, with their
// rows, in one transaction, and returns how many cases it removed.
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("records: purge on %s: %w", s.where, err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, t := range childTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE case_id IN (SELECT case_id FROM cases WHERE closed_at < $1)",
			s.at(cutoff)); err != nil {
			return 0, fmt.Errorf("records: purging %s: %w", t, err)
		}
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM cases WHERE closed_at < $1", s.at(cutoff))
	if err != nil {
		return 0, fmt.Errorf("records: purging cases: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return n, tx.Commit()
}
