package record

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"
)

// scorecardColumns are the columns of a case_scorecard row after its case
// and sequence, in the order of scorecardValues.
var scorecardColumns = []string{"provider", "assignment_id", "requested_at", "accepted_at", "promised_at", "on_site_at",
	"replaced", "service", "answer", "answered_at", "reason", "eta_seconds", "ended", "ended_at", "unsuccessful_at"}

// scorecardValues are the values of one scorecard entry's row. Entries of
// cases written before answers were kept are acceptances.
func (s *Store) scorecardValues(e contract.ProviderTimes) []any {
	answer := e.Answer
	if answer == "" && e.AcceptedAt != "" {
		answer = contract.AnswerAccepted
	}
	var eta any
	if e.ETASeconds > 0 {
		eta = e.ETASeconds
	}
	return []any{e.Provider, e.AssignmentID, s.maybeAt(e.RequestedAt), s.maybeAt(e.AcceptedAt), s.maybeAt(e.PromisedAt),
		s.maybeAt(e.OnSiteAt), e.Replaced, e.Service, answer, s.maybeAt(e.AnsweredAt), e.Reason, eta, string(e.Ended),
		s.maybeAt(e.EndedAt), s.maybeAt(e.UnsuccessfulAt)}
}

// ScorecardEntry is one request to a provider as the record keeps it (the
// case's scorecard entry, contract.ProviderTimes), with what its case says
// of the breakdown. A time not (yet) known is zero.
type ScorecardEntry struct {
	CaseID       string
	Seq          int
	Provider     string
	AssignmentID string
	// Service is what was asked: assistance, tow or on_site_repair.
	Service string
	// Answer is contract.AnswerAccepted, AnswerRefused, AnswerExpired,
	// AnswerSaturated or AnswerUnreachable; Reason a refusal's reason.
	Answer string
	Reason string
	// RequestedAt is when the request went; AnsweredAt when a refusal came.
	RequestedAt, AnsweredAt time.Time
	// AcceptedAt, the first promise (AcceptedAt + ETA), the promise in
	// force (PromisedAt) and when the provider was on site.
	AcceptedAt time.Time
	ETA        time.Duration
	PromisedAt time.Time
	OnSiteAt   time.Time
	// Replaced is eta_breached or superseded when the case cancelled the
	// assignment for another one.
	Replaced string
	// Ended is the milestone that ended the work (repaired, towed,
	// fixed_by_phone, goa), at EndedAt; UnsuccessfulAt, an on-site repair
	// that failed first.
	Ended          contract.MilestoneKind
	EndedAt        time.Time
	UnsuccessfulAt time.Time
	// Nature is the case's nature of breakdown (engine, flat_tyre, ...).
	Nature contract.Nature
}

// FirstPromise is when the provider promised to be on site when it accepted;
// zero without an ETA.
func (e ScorecardEntry) FirstPromise() time.Time {
	if e.AcceptedAt.IsZero() || e.ETA <= 0 {
		return time.Time{}
	}
	return e.AcceptedAt.Add(e.ETA)
}

// ScorecardQuery selects scorecard entries: the requests sent in [From, To),
// to Provider ("": every provider).
type ScorecardQuery struct {
	From, To time.Time
	Provider string
}

// ScorecardEntries lists the requests to providers of a period, by the time
// they were sent, oldest first. It reads what is in clear: no payload key is
// needed.
func (s *Store) ScorecardEntries(ctx context.Context, q ScorecardQuery) ([]ScorecardEntry, error) {
	cols := make([]string, 0, len(scorecardColumns)+2)
	for _, c := range append([]string{"case_id", "seq"}, scorecardColumns...) {
		cols = append(cols, "s."+c)
	}
	query := "SELECT " + strings.Join(cols, ", ") + ", c.nature FROM case_scorecard s JOIN cases c ON c.case_id = s.case_id" +
		" WHERE s.requested_at >= $1 AND s.requested_at < $2"
	args := []any{s.at(q.From), s.at(q.To)}
	if q.Provider != "" {
		query += " AND s.provider = $3"
		args = append(args, q.Provider)
	}
	rows, err := s.db.QueryContext(ctx, query+" ORDER BY s.requested_at, s.case_id, s.seq", args...)
	if err != nil {
		return nil, fmt.Errorf("records: scorecard entries: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []ScorecardEntry
	for rows.Next() {
		e, err := scanScorecardEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("records: scorecard entries: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: scorecard entries: %w", err)
	}
	return out, nil
}

func scanScorecardEntry(rows *sql.Rows) (ScorecardEntry, error) {
	var e ScorecardEntry
	var requested, accepted, promised, onSite, answered, ended, unsuccessful dbTime
	var eta sql.NullInt64
	var endedKind, nature string
	err := rows.Scan(&e.CaseID, &e.Seq, &e.Provider, &e.AssignmentID, &requested, &accepted, &promised, &onSite, &e.Replaced,
		&e.Service, &e.Answer, &answered, &e.Reason, &eta, &endedKind, &ended, &unsuccessful, &nature)
	if err != nil {
		return e, err
	}
	e.RequestedAt, e.AcceptedAt, e.PromisedAt, e.OnSiteAt = requested.Time, accepted.Time, promised.Time, onSite.Time
	e.AnsweredAt, e.EndedAt, e.UnsuccessfulAt = answered.Time, ended.Time, unsuccessful.Time
	e.ETA = time.Duration(eta.Int64) * time.Second
	if e.ETA == 0 && !e.PromisedAt.IsZero() && !e.AcceptedAt.IsZero() {
		e.ETA = e.PromisedAt.Sub(e.AcceptedAt) // written before the first ETA was kept
	}
	e.Ended, e.Nature = contract.MilestoneKind(endedKind), contract.Nature(nature)
	return e, nil
}
