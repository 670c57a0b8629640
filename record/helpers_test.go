package record_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// What the privacy tests look for: none of it may be readable in the store.
const (
	secretValet    = "V-SECRET-4242"
	secretLat      = 45.748512
	secretReason   = "Dépannage Martin promised 40 min"
	secretOperator = "marie.dupont"
)

// keysFor is a new key ring with one new key per id, the last one sealing.
func keysFor(t *testing.T, ids ...string) *encryption.Keys {
	t.Helper()
	var entries []string
	for _, id := range ids {
		entries = append(entries, newEntry(t, id))
	}
	return ring(t, entries...)
}

// newEntry is a new key of the ring's text, ID:BASE64.
func newEntry(t *testing.T, id string) string {
	t.Helper()
	e, err := encryption.NewEntry(id)
	require.NoError(t, err)
	return e
}

// ring is the key ring of entries, the last one sealing.
func ring(t *testing.T, entries ...string) *encryption.Keys {
	t.Helper()
	k, err := encryption.ParseKeys(strings.Join(entries, "\n"))
	require.NoError(t, err)
	return k
}

// closedCase is the record of a closed mechanical case of vin that broke
// down at at, towed by the manufacturer's assistance, with a scorecard, an
// alert ops resolved, a warranty claim and a timeline.
func closedCase(mission, client, vin string, at time.Time, edits ...func(*activities.CaseRecord)) activities.CaseRecord {
	ts := func(d time.Duration) string { return at.Add(d).UTC().Format(time.RFC3339) }
	lat, lon := secretLat, 4.846712
	r := activities.CaseRecord{
		Report: contract.Report{
			MissionID: mission, ClientID: client, ValetID: secretValet, At: at.UTC().Format(time.RFC3339),
			ReportedAt: ts(time.Minute),
			Vehicle: contract.Vehicle{VIN: vin, Plate: "GA-101-BY", Make: "BYD", Model: "Seal", Energy: contract.EnergyElectric,
				Kind: contract.KindNew, OwnerID: "C-LEASECO",
				Assistance: &contract.VehicleAssistance{Type: contract.AssistanceManufacturer, Provider: "byd-assistance", Program: "byd-eu"}},
			Location: contract.Location{Lat: &lat, Lon: &lon, Country: "FR", PublicRoad: true},
			Symptoms: []string{"no_start"},
		},
		Outcome: contract.Outcome{
			CaseID: contract.NewCaseID(contract.WorkflowID(mission), "run-"+mission), MissionID: mission, ClientID: client,
			Stage: contract.StageClosed, Summary: "closed: mission reorganised", Origin: contract.OriginMechanical,
			Nature: contract.NatureHVBatteryDischarged, QualifiedBy: "ops", Handler: contract.HandlerManufacturer,
			Provider: "byd-assistance", Payer: contract.PayerManufacturer, Coverage: "covered", Approval: contract.ApprovalNotRequired,
			Services: []contract.Service{contract.ServiceTow, contract.ServiceReplacementVehicle}, TowDestination: "charging_point",
			TowAddress: "12 rue des Lilas, Lyon", Mission: contract.MissionReorganised,
			MissionReason: "towed to the charging point: the mission is reorganised", Warranty: contract.WarrantyPartial(300),
			Claim: &contract.Claim{ClaimID: "CL-1", Manager: "opteven", Repairer: "garage-1", Cause: "inverter", QuoteEUR: 900,
				CoveredEUR: 300, ClientShareEUR: 600, State: contract.WarrantyPartial(300), EventNumber: "EV-77"},
			Scorecard: []contract.ProviderTimes{
				{Provider: "byd-assistance", AssignmentID: "A-1", RequestedAt: ts(2 * time.Minute), AcceptedAt: ts(3 * time.Minute),
					PromisedAt: ts(50 * time.Minute), Replaced: "eta_breached"},
				{Provider: "partner-sud", AssignmentID: "A-2", RequestedAt: ts(80 * time.Minute), AcceptedAt: ts(81 * time.Minute),
					PromisedAt: ts(110 * time.Minute), OnSiteAt: ts(105 * time.Minute)},
			},
			OpsAlerts: []contract.OpsAlertRecord{{Kind: contract.AlertEtaBreached, Reason: secretReason, RaisedAt: ts(80 * time.Minute),
				Handled: contract.HandledAcknowledged, HandledAt: ts(85 * time.Minute), Operator: secretOperator, Note: secretReason}},
			Timeline: []contract.TimelineEntry{
				{At: ts(0), Stage: contract.StageReported, Step: "reported", Reason: "valet " + secretValet + " reported"},
				{At: ts(2 * time.Minute), Stage: contract.StageDispatching, Step: "dispatched", Reason: "byd-assistance asked"},
				{At: ts(4 * time.Hour), Stage: contract.StageClosed, Step: "closed", Reason: secretReason},
			},
			ReportURL: "http://127.0.0.1:8080/report/k1.token",
		},
		ClosedAt:       ts(4 * time.Hour),
		CoverageReason: "covered by byd-eu II",
	}
	for _, e := range edits {
		e(&r)
	}
	return r
}

// count is the number of rows of table (with a WHERE clause, or none).
func count(t *testing.T, db *sql.DB, table, where string, args ...any) int {
	t.Helper()
	q := "SELECT COUNT(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	var n int
	require.NoError(t, db.QueryRowContext(context.Background(), q, args...).Scan(&n), q)
	return n
}

// store is one database under test, in either dialect.
type store struct {
	url string
	// raw reads the tables directly.
	raw *sql.DB
}

// open opens a new store on the database (as another process would).
func (s store) open(t *testing.T, keys *encryption.Keys) *record.Store {
	t.Helper()
	st, err := record.Open(context.Background(), s.url, record.Options{Keys: keys})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func caseWhere(r activities.CaseRecord) string {
	return fmt.Sprintf("case_id = '%s'", r.Outcome.CaseID)
}
