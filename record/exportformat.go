package record

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The formats of an export.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// csvHeader names the columns of a CSV export, as the JSON export names its keys.
var csvHeader = []string{"mission_id", "case_id", "client_id", "owner_id", "broke_down_at", "reported_at", "closed_at",
	"vin", "plate", "vehicle_kind", "origin", "nature", "qualified_by", "handler", "provider", "fallback", "payer",
	"liability", "coverage", "approval", "approval_reason", "services", "mission", "cancelled", "eta_breached",
	"warranty", "event_number", "quote_eur", "covered_eur", "client_share_eur"}

// WriteExport writes rows in format (csv or json): one line per case in CSV,
// services as SERVICE:PROVIDER separated by ';'; a JSON array of objects.
func WriteExport(w io.Writer, rows []ExportRow, format string) error {
	switch format {
	case FormatCSV:
		return writeCSV(w, rows)
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return fmt.Errorf("format: expected csv or json, got %q", format)
}

func writeCSV(w io.Writer, rows []ExportRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, e := range rows {
		services := make([]string, len(e.Services))
		for i, s := range e.Services {
			services[i] = s.Service + ":" + s.Provider
		}
		line := []string{e.MissionID, e.CaseID, e.ClientID, e.OwnerID, e.BrokeDownAt, e.ReportedAt, e.ClosedAt,
			e.VIN, e.Plate, e.VehicleKind, e.Origin, e.Nature, e.QualifiedBy, e.Handler, e.Provider, strconv.FormatBool(e.Fallback),
			e.Payer, e.Liability, e.Coverage, e.Approval, e.ApprovalReason, strings.Join(services, ";"), e.Mission,
			strconv.FormatBool(e.Cancelled), strconv.FormatBool(e.EtaBreached), e.Warranty, e.EventNumber,
			euros(e.QuoteEUR), euros(e.CoveredEUR), euros(e.ClientShareEUR)}
		for i := range line {
			line[i] = inert(line[i])
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func euros(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

// inert keeps a spreadsheet from reading a cell as a formula (a plate typed
// as "=…" by someone): such a cell starts with a quote.
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// ExportCSV writes the client's cases that broke down from from (included)
// to to (excluded) as CSV: the client's export link (api/pages).
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, clientID string, from, to time.Time) error {
	rows, err := s.Export(ctx, ExportQuery{ClientID: clientID, From: from, To: to})
	if err != nil {
		return err
	}
	return WriteExport(w, rows, FormatCSV)
}
