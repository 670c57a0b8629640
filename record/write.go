package record

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/valetops/assistance/activities"
)

var _ activities.CaseRecorder = (*Store)(nil)

// Record writes the record of a closed case in one transaction: its row,
// its services, scorecard entries, alerts and timeline. A case already
// recorded (the same case ID: a retried activity, a worker killed after the
// commit, a replay) is left as it is and Record returns false; two writers of
// one case at once leave one record.
func (s *Store) Record(ctx context.Context, r activities.CaseRecord) (bool, error) {
	if err := r.Validate(); err != nil {
		return false, fmt.Errorf("records: %w", err)
	}
	keyID, sealed, err := s.seal(sealedCase{Outcome: r.Outcome, Report: r.Report})
	if err != nil {
		return false, err
	}
	cols := s.caseColumns(r, keyID, sealed)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("records: %s: %w", s.where, err)
	}
	defer func() { _ = tx.Rollback() }()
	res, err := tx.ExecContext(ctx, "INSERT INTO cases ("+strings.Join(cols.names, ", ")+") VALUES ("+
		placeholders(1, len(cols.names))+") ON CONFLICT (case_id) DO NOTHING", cols.values...)
	if err != nil {
		return false, fmt.Errorf("records: writing case %s: %w", r.Outcome.CaseID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // already recorded: nothing more to write
	}
	if err := s.insertChildren(ctx, tx, r); err != nil {
		return false, fmt.Errorf("records: writing case %s: %w", r.Outcome.CaseID, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("records: writing case %s: %w", r.Outcome.CaseID, err)
	}
	return true, nil
}

// OwnerNotified notes when the vehicle's owner was sent the report link (the
// first time only).
func (s *Store) OwnerNotified(ctx context.Context, caseID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, "UPDATE cases SET owner_notified_at = $1 WHERE case_id = $2 AND owner_notified_at IS NULL",
		s.at(at), caseID)
	if err != nil {
		return fmt.Errorf("records: case %s: %w", caseID, err)
	}
	return nil
}

// columns are the names and values of one row, in step.
type columns struct {
	names  []string
	values []any
}

func (c *columns) add(name string, value any) {
	c.names = append(c.names, name)
	c.values = append(c.values, value)
}

// caseColumns are the columns of a case's row: in clear what a rule, a query
// or an export needs; the outcome and the report sealed.
func (s *Store) caseColumns(r activities.CaseRecord, keyID string, sealed []byte) columns {
	o, rep := r.Outcome, r.Report
	v := rep.Vehicle
	var c columns
	for _, f := range []struct{ name, value string }{
		{"case_id", o.CaseID}, {"workflow_id", r.WorkflowID()}, {"run_id", r.RunID()},
		{"mission_id", rep.MissionID}, {"client_id", rep.ClientID}, {"owner_id", v.OwnerID},
		{"vin", v.VIN}, {"plate", v.Plate}, {"vehicle_kind", string(v.Kind)}, {"vehicle_make", v.Make}, {"vehicle_model", v.Model},
		{"stage", string(o.Stage)}, {"origin", string(o.Origin)}, {"nature", string(o.Nature)}, {"qualified_by", o.QualifiedBy},
		{"handler", string(o.Handler)}, {"provider", o.Provider}, {"payer", string(o.Payer)}, {"liability", string(o.Liability)},
		{"coverage", o.Coverage}, {"coverage_reason", coverageReason(r)}, {"approval", o.Approval},
		{"approval_reason", r.ApprovalReason}, {"tow_destination", o.TowDestination}, {"mission", string(o.Mission)},
		{"warranty", o.Warranty}, {"event_number", eventNumber(r)}, {"sealed_key", keyID},
	} {
		c.add(f.name, f.value)
	}
	if a := v.Assistance; a != nil {
		c.add("assistance_type", string(a.Type))
		c.add("assistance_provider", a.Provider)
		c.add("program", a.Program)
	}
	c.add("broke_down_at", s.at(rep.BrokeDownAt()))
	c.add("reported_at", s.at(rep.ReachedAssistanceAt()))
	c.add("closed_at", s.at(r.Closed()))
	c.add("recorded_at", s.at(time.Now()))
	c.add("fallback", o.Fallback)
	c.add("cancelled", o.Cancelled)
	c.add("eta_breached", o.EtaBreached)
	if cl := o.Claim; cl != nil {
		c.add("claim_manager", cl.Manager)
		c.add("claim_repairer", cl.Repairer)
		c.add("quote_eur", cl.QuoteEUR)
		c.add("covered_eur", cl.CoveredEUR)
		c.add("client_share_eur", cl.ClientShareEUR)
	}
	c.add("sealed", sealed)
	return c
}

// coverageReason is the verdict's sentence, or the reason code of a case not covered.
func coverageReason(r activities.CaseRecord) string {
	if r.CoverageReason != "" {
		return r.CoverageReason
	}
	_, reason, _ := strings.Cut(r.Outcome.Coverage, ":")
	return reason
}

// eventNumber is the warranty manager's event number, from the outcome or its claim.
func eventNumber(r activities.CaseRecord) string {
	if r.Outcome.EventNumber != "" || r.Outcome.Claim == nil {
		return r.Outcome.EventNumber
	}
	return r.Outcome.Claim.EventNumber
}

// insertChildren writes the rows of a case's services, scorecard entries,
// alerts and timeline.
func (s *Store) insertChildren(ctx context.Context, tx *sql.Tx, r activities.CaseRecord) error {
	id, o := r.Outcome.CaseID, r.Outcome
	var rows []childRow
	for i, sv := range r.ServicesProvided() {
		rows = append(rows, childRow{"case_services", []string{"service", "provider"}, i, []any{string(sv.Service), sv.Provider}})
	}
	for i, e := range o.Scorecard {
		rows = append(rows, childRow{"case_scorecard", scorecardColumns, i, s.scorecardValues(e)})
	}
	for i, a := range o.OpsAlerts {
		rows = append(rows, childRow{"case_alerts", []string{"kind", "raised_at", "handled", "handled_at"}, i,
			[]any{string(a.Kind), s.maybeAt(a.RaisedAt), a.Handled, s.maybeAt(a.HandledAt)}})
	}
	for i, e := range o.Timeline {
		rows = append(rows, childRow{"case_timeline", []string{"at", "stage", "step"}, i,
			[]any{s.maybeAt(e.At), string(e.Stage), e.Step}})
	}
	for _, row := range rows {
		args := append([]any{id, row.seq}, row.values...)
		q := "INSERT INTO " + row.table + " (case_id, seq, " + strings.Join(row.names, ", ") + ") VALUES (" +
			placeholders(1, len(args)) + ")"
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s #%d: %w", row.table, row.seq, err)
		}
	}
	return nil
}

// childRow is one row of a table that belongs to a case.
type childRow struct {
	table  string
	names  []string
	seq    int
	values []any
}

// placeholders is "$from, …, $(from+n-1)": both drivers number their parameters.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(ps, ", ")
}
