package activities_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// owners is an owner's endpoint: it takes the notices, or fails as told.
type owners struct {
	mu   sync.Mutex
	got  []activities.OwnerNotice
	fail error
}

func (o *owners) NotifyOwner(_ context.Context, n activities.OwnerNotice) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return o.fail
	}
	o.got = append(o.got, n)
	return nil
}

// recordingActivities are the activities with a SQLite record store in a
// directory of their own, and the database to look into it.
func recordingActivities(t *testing.T, o *owners) (*activities.Activities, *sql.DB) {
	t.Helper()
	dir := t.TempDir()
	entry, err := encryption.NewEntry("k1")
	require.NoError(t, err)
	keys, err := encryption.ParseKeys(entry)
	require.NoError(t, err)
	st, err := record.Open(context.Background(), record.SQLiteURL(dir), record.Options{Keys: keys})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	raw, err := sql.Open("sqlite", filepath.Join(dir, record.DefaultFile))
	require.NoError(t, err)
	t.Cleanup(func() { _ = raw.Close() })
	a := &activities.Activities{Recorder: st}
	if o != nil {
		a.Owners = o
	}
	return a, raw
}

// leaseReturn is the record of a closed lease return of C-DEALER's mission,
// whose vehicle belongs to C-LEASECO.
func leaseReturn(mission string) activities.CaseRecord {
	lat, lon := 45.7485, 4.8467
	return activities.CaseRecord{
		Report: contract.Report{MissionID: mission, ClientID: "C-DEALER", ValetID: "V-31", At: "2026-11-30T08:00:00Z",
			Vehicle: contract.Vehicle{VIN: "VR3FCYHZ0MY100003", Plate: "GH-333-CC", Make: "Peugeot", Energy: contract.EnergyDiesel,
				Kind: contract.KindLeaseReturn, OwnerID: "C-LEASECO"},
			Location: contract.Location{Lat: &lat, Lon: &lon, Country: "FR"}, Symptoms: []string{"engine_stalled"}},
		Outcome: contract.Outcome{CaseID: contract.NewCaseID(contract.WorkflowID(mission), "run-1"), MissionID: mission,
			ClientID: "C-DEALER", Stage: contract.StageClosed, Origin: contract.OriginMechanical, Nature: contract.NatureEngine,
			Handler: contract.HandlerLessor, Provider: "leaseco-assistance", Mission: contract.MissionReorganised,
			Services: []contract.Service{contract.ServiceTow}, ReportURL: "http://127.0.0.1:8080/report/k1.abc"},
		ClosedAt: "2026-11-30T11:00:00Z",
	}
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(q).Scan(&n))
	return n
}

// TestRecordCaseOnceAndTheOwnerIsSent: the first call writes the record and
// sends the owner the report link; a retried call writes nothing more and
// sends the same notice (same id) again.
func TestRecordCaseOnceAndTheOwnerIsSent(t *testing.T) {
	o := &owners{}
	a, raw := recordingActivities(t, o)
	r := leaseReturn("M-REC-1")
	got, err := a.RecordCase(context.Background(), r)
	require.NoError(t, err)
	assert.Equal(t, activities.RecordReceipt{Recorded: true, New: true, OwnerNotice: activities.OwnerNoticeSent}, got)
	got, err = a.RecordCase(context.Background(), r)
	require.NoError(t, err)
	assert.Equal(t, activities.RecordReceipt{Recorded: true, New: false, OwnerNotice: activities.OwnerNoticeSent}, got)

	assert.Equal(t, 1, count(t, raw, "SELECT COUNT(*) FROM cases"))
	assert.Equal(t, 1, count(t, raw, "SELECT COUNT(*) FROM cases WHERE owner_id = 'C-LEASECO' AND owner_notified_at IS NOT NULL"))
	require.Len(t, o.got, 2)
	assert.Equal(t, o.got[0], o.got[1], "the same notice, under the same id")
	n := o.got[0]
	assert.Equal(t, "owner-report-breakdown-M-REC-1/run-1", n.NoticeID)
	assert.Equal(t, "C-LEASECO", n.OwnerID)
	assert.Equal(t, "C-DEALER", n.ClientID)
	assert.Equal(t, "http://127.0.0.1:8080/report/k1.abc", n.ReportURL)
	assert.Equal(t, "2026-11-30T11:00:00Z", n.ClosedAt)
	assert.Equal(t, contract.MissionReorganised, n.Mission)
}

// TestRecordCaseOwnerNotice: who is sent the report, and what a failing
// endpoint does to the attempt.
func TestRecordCaseOwnerNotice(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(*activities.CaseRecord)
		fail    error
		want    string
		errType string
	}{
		{"the owner is the client", func(r *activities.CaseRecord) { r.Report.Vehicle.OwnerID = "C-DEALER" }, nil, activities.OwnerNoticeNone, ""},
		{"no owner named", func(r *activities.CaseRecord) { r.Report.Vehicle.OwnerID = "" }, nil, activities.OwnerNoticeNone, ""},
		{"no report link", func(r *activities.CaseRecord) { r.Outcome.ReportURL = "" }, nil, activities.OwnerNoticeNoLink, ""},
		{"the endpoint refuses", nil, fmt.Errorf("%w: POST answered 404", activities.ErrRefused),
			activities.OwnerNoticeRefusedPrefix + "refused by the provider: POST answered 404", ""},
		{"the endpoint is down", nil, errors.New("connection refused"), "", activities.ErrTypeUnreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, raw := recordingActivities(t, &owners{fail: tc.fail})
			r := leaseReturn("M-OWN")
			if tc.edit != nil {
				tc.edit(&r)
			}
			got, err := a.RecordCase(context.Background(), r)
			assert.Equal(t, 1, count(t, raw, "SELECT COUNT(*) FROM cases"), "the record is written before the notice")
			if tc.errType != "" {
				var appErr *temporal.ApplicationError
				require.ErrorAs(t, err, &appErr)
				assert.Equal(t, tc.errType, appErr.Type())
				assert.False(t, appErr.NonRetryable(), "Temporal retries the attempt")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.OwnerNotice)
			assert.Equal(t, 0, count(t, raw, "SELECT COUNT(*) FROM cases WHERE owner_notified_at IS NOT NULL"))
		})
	}
}

// TestRecordCaseRefusesAnIncompleteRecord: what a record is found by must be
// there; the refusal names the field and is final.
func TestRecordCaseRefusesAnIncompleteRecord(t *testing.T) {
	a, raw := recordingActivities(t, nil)
	r := leaseReturn("M-BAD")
	r.Outcome.CaseID = "breakdown-M-BAD"
	r.Report.Vehicle.VIN = ""
	_, err := a.RecordCase(context.Background(), r)
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, err, &appErr)
	assert.Equal(t, activities.ErrTypeInvalidRecord, appErr.Type())
	assert.True(t, appErr.NonRetryable())
	assert.Contains(t, err.Error(), "outcome.case_id: must be WORKFLOW_ID/RUN_ID")
	assert.Contains(t, err.Error(), "report.vehicle.vin: is required")
	assert.Equal(t, 0, count(t, raw, "SELECT COUNT(*) FROM cases"))
}

// TestRecordCaseWithoutAStore: a worker that keeps no record still tells the owner.
func TestRecordCaseWithoutAStore(t *testing.T) {
	o := &owners{}
	a := &activities.Activities{Owners: o}
	got, err := a.RecordCase(context.Background(), leaseReturn("M-NOSTORE"))
	require.NoError(t, err)
	assert.Equal(t, activities.RecordReceipt{OwnerNotice: activities.OwnerNoticeSent}, got)
	assert.Len(t, o.got, 1)
}

// TestRecordCaseClosedAtDefaultsToTheLastStep: without ClosedAt, the case
// closed at its last traced step.
func TestRecordCaseClosedAtDefaultsToTheLastStep(t *testing.T) {
	r := leaseReturn("M-T")
	r.ClosedAt = ""
	r.Outcome.Timeline = []contract.TimelineEntry{{At: "2026-11-30T08:00:00Z"}, {At: "2026-11-30T12:30:00Z"}}
	assert.Equal(t, time.Date(2026, 11, 30, 12, 30, 0, 0, time.UTC), r.Closed().UTC())
}
