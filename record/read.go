package record

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
)

// RecordedOutcome is the outcome a closed case was recorded with, opened
// with the payload keys; found is false when no case has that case ID.
func (s *Store) RecordedOutcome(ctx context.Context, caseID string) (o contract.Outcome, found bool, err error) {
	var keyID string
	var data []byte
	err = s.db.QueryRowContext(ctx, "SELECT sealed_key, sealed FROM cases WHERE case_id = $1", caseID).Scan(&keyID, &data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return o, false, nil
	case err != nil:
		return o, false, fmt.Errorf("records: reading case %s: %w", caseID, err)
	}
	c, err := s.open(keyID, data)
	if err != nil {
		return o, true, fmt.Errorf("case %s: %w", caseID, err)
	}
	return c.Outcome, true, nil
}

// PriorCases lists the recorded cases of vin that broke down in the calendar
// year of before, or the year before it (UTC), and before it: when, what broke
// (cases closed before a nature was known are left out), the origin and the
// handler (what a yearly limit counts by), and the case ID.
func (s *Store) PriorCases(ctx context.Context, vin string, before time.Time) ([]contract.PriorCase, error) {
	since := time.Date(before.UTC().Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
	rows, err := s.db.QueryContext(ctx, `SELECT case_id, broke_down_at, nature, origin, handler FROM cases
		WHERE vin = $1 AND broke_down_at >= $2 AND broke_down_at < $3 AND nature <> '' ORDER BY broke_down_at, case_id`,
		vin, s.at(since), s.at(before))
	if err != nil {
		return nil, fmt.Errorf("records: earlier cases of %s: %w", vin, err)
	}
	defer func() { _ = rows.Close() }()
	var out []contract.PriorCase
	for rows.Next() {
		var p contract.PriorCase
		var at dbTime
		if err := rows.Scan(&p.CaseID, &at, &p.Nature, &p.Origin, &p.Handler); err != nil {
			return nil, fmt.Errorf("records: earlier cases of %s: %w", vin, err)
		}
		p.At = at.String()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: earlier cases of %s: %w", vin, err)
	}
	return out, nil
}
