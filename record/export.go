package record

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"
)

// ExportQuery selects a client's cases by the day they broke down.
type ExportQuery struct {
	ClientID string
	// From and To bound the breakdowns: From included, To excluded.
	From, To time.Time
}

// ParsePeriod reads an export's -from and -to: dates (YYYY-MM-DD, whole UTC
// days, both included) or RFC 3339 times (to excluded).
func ParsePeriod(from, to string) (time.Time, time.Time, error) {
	f, err := parseBound("from", from, false)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t, err := parseBound("to", to, true)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if !f.Before(t) {
		return time.Time{}, time.Time{}, fmt.Errorf("to: %s is not after from (%s)", to, from)
	}
	return f, t, nil
}

func parseBound(name, s string, end bool) (time.Time, error) {
	if d, err := time.Parse(contract.DateLayout, s); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: expected a date such as 2026-03-31 or an RFC 3339 time, got %q", name, s)
	}
	return t.UTC(), nil
}

// ExportRow is one case as a lessor reconciles it: what happened, who
// assisted, who pays, what the warranty covered. Nothing sealed.
type ExportRow struct {
	MissionID      string        `json:"mission_id"`
	CaseID         string        `json:"case_id"`
	ClientID       string        `json:"client_id"`
	OwnerID        string        `json:"owner_id"`
	BrokeDownAt    string        `json:"broke_down_at"`
	ReportedAt     string        `json:"reported_at"`
	ClosedAt       string        `json:"closed_at"`
	VIN            string        `json:"vin"`
	Plate          string        `json:"plate"`
	VehicleKind    string        `json:"vehicle_kind"`
	Origin         string        `json:"origin"`
	Nature         string        `json:"nature"`
	QualifiedBy    string        `json:"qualified_by"`
	Handler        string        `json:"handler"`
	Provider       string        `json:"provider"`
	Fallback       bool          `json:"fallback"`
	Payer          string        `json:"payer"`
	Liability      string        `json:"liability"`
	Coverage       string        `json:"coverage"`
	Approval       string        `json:"approval"`
	ApprovalReason string        `json:"approval_reason"`
	Services       []ServiceLine `json:"services"`
	Mission        string        `json:"mission"`
	Cancelled      bool          `json:"cancelled"`
	EtaBreached    bool          `json:"eta_breached"`
	Warranty       string        `json:"warranty"`
	EventNumber    string        `json:"event_number"`
	QuoteEUR       *int64        `json:"quote_eur"`
	CoveredEUR     *int64        `json:"covered_eur"`
	ClientShareEUR *int64        `json:"client_share_eur"`
}

// ServiceLine is a service of an exported case and its provider.
type ServiceLine struct {
	Service  string `json:"service"`
	Provider string `json:"provider"`
}

// Export lists the client's cases that broke down in the period, oldest first.
func (s *Store) Export(ctx context.Context, q ExportQuery) ([]ExportRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT mission_id, case_id, client_id, owner_id, broke_down_at, reported_at, closed_at,
		vin, plate, vehicle_kind, origin, nature, qualified_by, handler, provider, fallback, payer, liability, coverage,
		approval, approval_reason, mission, cancelled, eta_breached, warranty, event_number, quote_eur, covered_eur, client_share_eur
		FROM cases WHERE client_id = $1 AND broke_down_at >= $2 AND broke_down_at < $3 ORDER BY broke_down_at, case_id`,
		q.ClientID, s.at(q.From), s.at(q.To))
	if err != nil {
		return nil, fmt.Errorf("records: export of %s: %w", q.ClientID, err)
	}
	defer func() { _ = rows.Close() }()
	out := []ExportRow{}
	index := map[string]int{}
	for rows.Next() {
		var e ExportRow
		var broke, reported, closed dbTime
		var quote, covered, share sql.NullInt64
		if err := rows.Scan(&e.MissionID, &e.CaseID, &e.ClientID, &e.OwnerID, &broke, &reported, &closed, &e.VIN, &e.Plate,
			&e.VehicleKind, &e.Origin, &e.Nature, &e.QualifiedBy, &e.Handler, &e.Provider, &e.Fallback, &e.Payer, &e.Liability,
			&e.Coverage, &e.Approval, &e.ApprovalReason, &e.Mission, &e.Cancelled, &e.EtaBreached, &e.Warranty, &e.EventNumber,
			&quote, &covered, &share); err != nil {
			return nil, fmt.Errorf("records: export of %s: %w", q.ClientID, err)
		}
		e.BrokeDownAt, e.ReportedAt, e.ClosedAt = broke.String(), reported.String(), closed.String()
		e.QuoteEUR, e.CoveredEUR, e.ClientShareEUR = amount(quote), amount(covered), amount(share)
		e.Services = []ServiceLine{}
		index[e.CaseID] = len(out)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: export of %s: %w", q.ClientID, err)
	}
	return out, s.exportServices(ctx, q, out, index)
}

// exportServices fills in the services of the exported cases.
func (s *Store) exportServices(ctx context.Context, q ExportQuery, out []ExportRow, index map[string]int) error {
	rows, err := s.db.QueryContext(ctx, `SELECT s.case_id, s.service, s.provider FROM case_services s
		JOIN cases c ON c.case_id = s.case_id
		WHERE c.client_id = $1 AND c.broke_down_at >= $2 AND c.broke_down_at < $3 ORDER BY s.case_id, s.seq`,
		q.ClientID, s.at(q.From), s.at(q.To))
	if err != nil {
		return fmt.Errorf("records: export of %s: %w", q.ClientID, err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id string
		var l ServiceLine
		if err := rows.Scan(&id, &l.Service, &l.Provider); err != nil {
			return fmt.Errorf("records: export of %s: %w", q.ClientID, err)
		}
		if i, ok := index[id]; ok {
			out[i].Services = append(out[i].Services, l)
		}
	}
	return rows.Err()
}

func amount(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}
