package record_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/record"
)

// behaviours are what a store does, on either dialect: each gets a database
// of its own.
var behaviours = []struct {
	name string
	test func(t *testing.T, s store)
}{
	{"OneRecordPerCaseUnderRetriesAndConcurrentWriters", oneRecordPerCase},
	{"SealedFieldsNeedTheKey", sealedFieldsNeedTheKey},
	{"PriorCasesOfAVINAcrossTheYear", priorCasesOfAVIN},
	{"PurgeRemovesOlderRecordsAndTheirRows", purgeRemovesOlder},
	{"ExportCSVAndJSON", exportCSVAndJSON},
	{"MigrationsAreIdempotent", migrationsAreIdempotent},
	{"ResealMovesRecordsToTheNewestKey", resealMovesRecords},
	{"ScorecardEntriesOfAPeriod", scorecardEntriesOfAPeriod},
}

// oneRecordPerCase: two processes (two stores on one database) each writing
// the same case eight times at once, then once more (a retried activity):
// one write wins, and the case has one row and one set of child rows.
func oneRecordPerCase(t *testing.T, s store) {
	keys := keysFor(t, "k1")
	a, b := s.open(t, keys), s.open(t, keys)
	r := closedCase("M-ONE", "C-DEALER", "LGXCE4CB0P0000001", time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC))
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 16 {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Go(func() {
			isNew, err := st.Record(context.Background(), r)
			assert.NoError(t, err)
			if isNew {
				mu.Lock()
				won++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, won, "exactly one write creates the record")
	again, err := a.Record(context.Background(), r)
	require.NoError(t, err)
	assert.False(t, again, "a retried write finds the record")
	where := caseWhere(r)
	assert.Equal(t, 1, count(t, s.raw, "cases", ""))
	assert.Equal(t, 2, count(t, s.raw, "case_services", where))
	assert.Equal(t, 2, count(t, s.raw, "case_scorecard", where))
	assert.Equal(t, 1, count(t, s.raw, "case_alerts", where))
	assert.Equal(t, 3, count(t, s.raw, "case_timeline", where))
	assert.Equal(t, 1, count(t, s.raw, "case_scorecard", "provider = 'partner-sud' AND replaced = ''"),
		"the scorecard entries are rows, queryable by provider")
}

// sealedFieldsNeedTheKey: the outcome comes back whole with the key that
// sealed it, also after a rotation (a newer key seals, the old still opens);
// without that key it does not open, and the error names the key.
func sealedFieldsNeedTheKey(t *testing.T, s store) {
	r := closedCase("M-SEAL", "C-DEALER", "LGXCE4CB0P0000002", time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC))
	oldEntry := newEntry(t, "2026-01")
	written := s.open(t, ring(t, oldEntry))
	_, err := written.Record(context.Background(), r)
	require.NoError(t, err)

	rotated := ring(t, oldEntry, newEntry(t, "2027-01"))
	for name, st := range map[string]*record.Store{"the key that sealed it": written, "a ring rotated since": s.open(t, rotated)} {
		o, found, err := st.RecordedOutcome(context.Background(), r.Outcome.CaseID)
		require.NoError(t, err, name)
		assert.True(t, found, name)
		assert.Equal(t, r.Outcome, o, name)
	}
	_, found, err := s.open(t, keysFor(t, "other")).RecordedOutcome(context.Background(), r.Outcome.CaseID)
	assert.True(t, found)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"2026-01"`, "the error names the key the ring lacks")
	_, found, err = written.RecordedOutcome(context.Background(), "breakdown-M-NONE/run")
	assert.NoError(t, err)
	assert.False(t, found, "a case never recorded is not found")

	var sealedKey string
	require.NoError(t, s.raw.QueryRow("SELECT sealed_key FROM cases").Scan(&sealedKey))
	assert.Equal(t, "2026-01", sealedKey, "the key id is kept beside what it sealed")
	assert.Equal(t, 1, count(t, s.raw, "cases", "vin = 'LGXCE4CB0P0000002' AND plate = 'GA-101-BY' AND client_id = 'C-DEALER'"),
		"VIN, plate and client are in clear: the rules and exports query them")
}

// priorCasesOfAVIN: the cases of a VIN in the calendar year of the breakdown
// and the year before, earlier than it, with what a yearly limit counts by.
func priorCasesOfAVIN(t *testing.T, s store) {
	st := s.open(t, keysFor(t, "k1"))
	const vin = "LGXCE4CB0P0000003"
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, time.UTC) }
	for _, r := range []activities.CaseRecord{
		closedCase("M-2024", "C-DEALER", vin, at(2024, 12, 20)),
		closedCase("M-2025", "C-DEALER", vin, at(2025, 6, 1)),
		closedCase("M-JAN", "C-DEALER", vin, at(2026, 1, 14)),
		closedCase("M-FEB", "C-DEALER", vin, at(2026, 2, 1), func(r *activities.CaseRecord) {
			r.Outcome.Origin, r.Outcome.Nature, r.Outcome.Handler = contract.OriginValetError, contract.NatureWrongFuel, contract.HandlerOperatorPartner
		}),
		closedCase("M-MAR", "C-DEALER", vin, at(2026, 3, 20)),
		closedCase("M-OTHER", "C-DEALER", "LGXCE4CB0P0000099", at(2026, 1, 20)),
		closedCase("M-NONATURE", "C-DEALER", vin, at(2026, 1, 21), func(r *activities.CaseRecord) { r.Outcome.Nature = "" }),
	} {
		_, err := st.Record(context.Background(), r)
		require.NoError(t, err)
	}
	prior, err := st.PriorCases(context.Background(), vin, at(2026, 3, 1))
	require.NoError(t, err)
	require.Len(t, prior, 3, "2025, January and February; not 2024, not after the breakdown, not another VIN, not without a nature")
	assert.Equal(t, contract.PriorCase{At: "2025-06-01T09:00:00Z", Nature: contract.NatureHVBatteryDischarged,
		Origin: contract.OriginMechanical, Handler: contract.HandlerManufacturer, CaseID: "breakdown-M-2025/run-M-2025"}, prior[0])
	assert.Equal(t, "2026-01-14T09:00:00Z", prior[1].At)
	assert.Equal(t, contract.PriorCase{At: "2026-02-01T09:00:00Z", Nature: contract.NatureWrongFuel,
		Origin: contract.OriginValetError, Handler: contract.HandlerOperatorPartner, CaseID: "breakdown-M-FEB/run-M-FEB"}, prior[2])
}

// purgeRemovesOlder: a purge at five years removes the cases closed before
// the cutoff and every row of theirs, and keeps the others whole.
func purgeRemovesOlder(t *testing.T, s store) {
	st := s.open(t, keysFor(t, "k1"))
	now := time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC)
	old := closedCase("M-OLD", "C-DEALER", "LGXCE4CB0P0000004", time.Date(2026, 5, 30, 8, 0, 0, 0, time.UTC))
	kept := closedCase("M-KEPT", "C-DEALER", "LGXCE4CB0P0000004", time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC))
	for _, r := range []activities.CaseRecord{old, kept} {
		_, err := st.Record(context.Background(), r)
		require.NoError(t, err)
	}
	five, err := record.ParseRetention(record.DefaultRetention)
	require.NoError(t, err)
	n, err := st.Purge(context.Background(), five.Cutoff(now))
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
	for _, table := range []string{"cases", "case_services", "case_scorecard", "case_alerts", "case_timeline"} {
		assert.Zero(t, count(t, s.raw, table, caseWhere(old)), "%s of the purged case", table)
		assert.NotZero(t, count(t, s.raw, table, caseWhere(kept)), "%s of the kept case", table)
	}
	n, err = st.Purge(context.Background(), five.Cutoff(now))
	require.NoError(t, err)
	assert.Zero(t, n, "a second purge finds nothing more")
}

// exportCSVAndJSON: a client's cases of a period, one line each, with what a
// lessor reconciles; another client's cases and other periods are left out.
func exportCSVAndJSON(t *testing.T, s store) {
	st := s.open(t, keysFor(t, "k1"))
	for _, r := range []activities.CaseRecord{
		closedCase("M-E1", "C-LEASECO", "LGXCE4CB0P0000005", time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC)),
		closedCase("M-E2", "C-LEASECO", "LGXCE4CB0P0000006", time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC), func(r *activities.CaseRecord) {
			r.Outcome.Claim, r.Outcome.Warranty, r.Outcome.Cancelled = nil, "", true
			r.Services = []activities.ServiceRecord{{Service: contract.ServiceTow, Provider: "byd-assistance"}, {Service: contract.ServiceTaxi, Provider: "taxi-lyon"}}
		}),
		closedCase("M-APRIL", "C-LEASECO", "LGXCE4CB0P0000007", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)),
		closedCase("M-OTHER", "C-DEALER", "LGXCE4CB0P0000008", time.Date(2026, 3, 5, 7, 0, 0, 0, time.UTC)),
	} {
		_, err := st.Record(context.Background(), r)
		require.NoError(t, err)
	}
	from, to, err := record.ParsePeriod("2026-03-01", "2026-03-31")
	require.NoError(t, err)
	rows, err := st.Export(context.Background(), record.ExportQuery{ClientID: "C-LEASECO", From: from, To: to})
	require.NoError(t, err)

	var out bytes.Buffer
	require.NoError(t, record.WriteExport(&out, rows, record.FormatCSV))
	lines, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 3, "a header and the two March cases of C-LEASECO")
	col := map[string]int{}
	for i, name := range lines[0] {
		col[name] = i
	}
	first, second := lines[1], lines[2]
	assert.Equal(t, "M-E1", first[col["mission_id"]])
	assert.Equal(t, "2026-03-01T07:00:00Z", first[col["broke_down_at"]])
	assert.Equal(t, "LGXCE4CB0P0000005", first[col["vin"]])
	assert.Equal(t, "GA-101-BY", first[col["plate"]])
	assert.Equal(t, "mechanical", first[col["origin"]])
	assert.Equal(t, "hv_battery_discharged", first[col["nature"]])
	assert.Equal(t, "manufacturer", first[col["handler"]])
	assert.Equal(t, "manufacturer", first[col["payer"]])
	assert.Equal(t, "tow:byd-assistance;replacement_vehicle:byd-assistance", first[col["services"]])
	assert.Equal(t, "reorganised", first[col["mission"]])
	assert.Equal(t, "partial:300", first[col["warranty"]])
	assert.Equal(t, "EV-77", first[col["event_number"]])
	assert.Equal(t, []string{"900", "300", "600"}, []string{first[col["quote_eur"]], first[col["covered_eur"]], first[col["client_share_eur"]]})
	assert.Equal(t, "M-E2", second[col["mission_id"]], "the last day of the period is in it")
	assert.Equal(t, "true", second[col["cancelled"]])
	assert.Equal(t, "tow:byd-assistance;taxi:taxi-lyon", second[col["services"]])
	assert.Empty(t, second[col["quote_eur"]], "no claim, no amount")
	assert.NotContains(t, out.String(), secretValet)

	out.Reset()
	require.NoError(t, record.WriteExport(&out, rows, record.FormatJSON))
	var got []map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	require.Len(t, got, 2)
	assert.Equal(t, "M-E1", got[0]["mission_id"])
	assert.Equal(t, float64(600), got[0]["client_share_eur"])
	assert.Nil(t, got[1]["quote_eur"])
	assert.Equal(t, []any{map[string]any{"service": "tow", "provider": "byd-assistance"},
		map[string]any{"service": "taxi", "provider": "taxi-lyon"}}, got[1]["services"])
}

// migrationsAreIdempotent: opening a store again (a restart, a second
// process) applies nothing more and keeps the records.
func migrationsAreIdempotent(t *testing.T, s store) {
	keys := keysFor(t, "k1")
	st := s.open(t, keys)
	_, err := st.Record(context.Background(), closedCase("M-MIG", "C-DEALER", "LGXCE4CB0P0000009", time.Now().Add(-time.Hour)))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { s.open(t, keys) })
	}
	wg.Wait()
	current, newest, err := s.open(t, keys).Version(context.Background())
	require.NoError(t, err)
	assert.Equal(t, newest, current)
	assert.Equal(t, int64(2), current)
	assert.Equal(t, 1, count(t, s.raw, "records_schema_version", "version_id = 1"), "version 1 applied once")
	assert.Equal(t, 1, count(t, s.raw, "records_schema_version", "version_id = 2"), "version 2 applied once")
	assert.Equal(t, 1, count(t, s.raw, "cases", ""))
}

// resealMovesRecords: after a rotation, reseal rewrites the records sealed
// under the old key under the new one; the old key can then leave the ring.
func resealMovesRecords(t *testing.T, s store) {
	older, newer := newEntry(t, "2026-01"), newEntry(t, "2027-01")
	old := s.open(t, ring(t, older))
	at := time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)
	for _, m := range []string{"M-R1", "M-R2"} {
		_, err := old.Record(context.Background(), closedCase(m, "C-DEALER", "LGXCE4CB0P0000012", at))
		require.NoError(t, err)
	}
	rotated := s.open(t, ring(t, older, newer))
	_, err := rotated.Record(context.Background(), closedCase("M-R3", "C-DEALER", "LGXCE4CB0P0000012", at))
	require.NoError(t, err)
	sum, err := rotated.Summary(context.Background())
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"2026-01": 2, "2027-01": 1}, sum.Keys)
	assert.Equal(t, int64(3), sum.Cases)

	n, err := rotated.Reseal(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	sum, err = rotated.Summary(context.Background())
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"2027-01": 3}, sum.Keys)
	o, found, err := s.open(t, ring(t, newer)).RecordedOutcome(context.Background(), "breakdown-M-R1/run-M-R1")
	require.NoError(t, err, "readable without the old key")
	assert.True(t, found)
	assert.Equal(t, "M-R1", o.MissionID)
	closed, err := rotated.ClosedBefore(context.Background(), at.Add(5*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, int64(3), closed)
}
