package pages

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// forgotten is a Temporal that no longer has any case (past the
// namespace's retention).
type forgotten struct{}

func (forgotten) QueryWorkflow(context.Context, string, string, string, ...any) (converter.EncodedValue, error) {
	return nil, &serviceerror.NotFound{Message: "workflow execution not found"}
}

func (forgotten) UpdateWorkflow(context.Context, client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	return nil, &serviceerror.NotFound{Message: "workflow execution not found"}
}

// recordedCase is the record of a closed case of C-LEASECO.
func recordedCase() activities.CaseRecord {
	lat, lon := 45.7485, 4.8467
	return activities.CaseRecord{
		Report: contract.Report{MissionID: "M-GONE", ClientID: "C-LEASECO", ValetID: "V-31", At: "2026-03-10T08:15:00Z",
			Vehicle: contract.Vehicle{VIN: "VR3FCYHZ0MY100003", Plate: "GH-333-CC", Make: "Peugeot", Energy: contract.EnergyDiesel,
				Kind: contract.KindLeaseReturn},
			Location: contract.Location{Lat: &lat, Lon: &lon, Country: "FR"}, Symptoms: []string{"engine_stalled"}},
		Outcome: contract.Outcome{CaseID: "breakdown-M-GONE/run-1", MissionID: "M-GONE", ClientID: "C-LEASECO",
			Stage: contract.StageClosed, Summary: "closed: mission reorganised", Origin: contract.OriginMechanical,
			Nature: contract.NatureEngine, Handler: contract.HandlerLessor, Provider: "leaseco-assistance",
			Services: []contract.Service{contract.ServiceTow}, TowDestination: "authorised_repairer", Mission: contract.MissionReorganised,
			MissionReason: "towed to authorised repairer: the mission is reorganised",
			Timeline: []contract.TimelineEntry{
				{At: "2026-03-10T08:15:00Z", Stage: contract.StageReported, Step: "reported", Reason: "valet V-31 reported no start"},
				{At: "2026-03-10T09:40:00Z", Stage: contract.StageAssisting, Step: "towed", Reason: "leaseco-assistance towed the vehicle"},
				{At: "2026-03-10T10:00:00Z", Stage: contract.StageClosed, Step: "closed", Reason: "closed: mission reorganised"},
			}},
		ClosedAt: "2026-03-10T10:00:00Z",
	}
}

// TestPagesReadTheRecordOnceTemporalForgot: the report and tracking pages of
// a case Temporal no longer has open from its record, timeline included; a
// case with no record either is not found; the client's export link downloads
// its cases of the period as CSV.
func TestPagesReadTheRecordOnceTemporalForgot(t *testing.T) {
	entry, err := encryption.NewEntry("k1")
	require.NoError(t, err)
	payloadKeys, err := encryption.ParseKeys(entry)
	require.NoError(t, err)
	st, err := record.Open(context.Background(), record.SQLiteURL(t.TempDir()), record.Options{Keys: payloadKeys})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	_, err = st.Record(context.Background(), recordedCase())
	require.NoError(t, err)

	keys, err := links.ParseKeys("k1=0123456789abcdef0123")
	require.NoError(t, err)
	now := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	signer := &links.Pages{Keys: keys, Now: func() time.Time { return now }}
	mux := http.NewServeMux()
	New(Config{Keys: keys, Cases: forgotten{}, Records: st, Now: func() time.Time { return now }}).Register(mux)
	get := func(path string) (int, string, http.Header) {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Accept-Language", "en")
		mux.ServeHTTP(rec, r)
		body, _ := io.ReadAll(rec.Body)
		return rec.Code, string(body), rec.Header()
	}

	caseLinks, err := signer.CaseLinks("breakdown-M-GONE/run-1")
	require.NoError(t, err)
	status, body, _ := get(caseLinks.Report)
	require.Equal(t, http.StatusOK, status, body)
	for _, want := range []string{"M-GONE", "leaseco-assistance towed the vehicle", "valet V-31 reported no start",
		"towed to authorised repairer: the mission is reorganised"} {
		assert.Contains(t, body, want)
	}
	status, body, _ = get(caseLinks.Tracking)
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "The mission is reorganised")
	assert.NotContains(t, body, `http-equiv="refresh"`, "a closed case's page does not reload")

	other, err := signer.CaseLinks("breakdown-M-NEVER/run-1")
	require.NoError(t, err)
	status, _, _ = get(other.Report)
	assert.Equal(t, http.StatusNotFound, status, "no case and no record")

	export, err := signer.ExportURL("C-LEASECO", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	status, body, h := get(export)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "text/csv; charset=utf-8", h.Get("Content-Type"))
	assert.Equal(t, `attachment; filename="cases-C-LEASECO-2026-03-01-2026-03-31.csv"`, h.Get("Content-Disposition"))
	lines, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 2)
	assert.Equal(t, "mission_id", lines[0][0])
	assert.Equal(t, "M-GONE", lines[1][0])
	assert.Contains(t, lines[1], "tow:leaseco-assistance")
	assert.NotContains(t, body, "V-31", "an export holds nothing sealed")

	status, _, _ = get(strings.Replace(export, links.PathExport, links.PathReport, 1))
	assert.Equal(t, http.StatusForbidden, status, "an export link opens no report")
	status, _, _ = get(strings.Replace(caseLinks.Report, links.PathReport, links.PathExport, 1))
	assert.Equal(t, http.StatusForbidden, status, "a report link exports nothing")
}
