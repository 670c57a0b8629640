package stack_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// TestRecordOnTheEmbeddedStack: the embedded default opens its record store
// in the data directory with nothing to install; the worker's RecordCase (as
// the workflow will call it at close) writes a case Temporal has never had
// — as a case past its retention — and sends the vehicle's lessor, over real
// HTTP and signed, the report link, which our API then serves from the record,
// timeline included; the client's export link downloads it.
func TestRecordOnTheEmbeddedStack(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st := systemtest.Start(ctx, t, stack.Config{DataDir: dir, Scale: 200, ExternalWorker: true})
	require.FileExists(t, filepath.Join(dir, record.DefaultFile))
	assert.Equal(t, record.SQLiteURL(dir), st.Records.URL())
	assert.Contains(t, st.WorkerArgs(1), "-records="+record.SQLiteURL(dir), "a worker process writes to the same file")

	acts, err := caseworker.Activities(st.Client, st.CaseWorkerConfig(1))
	require.NoError(t, err)
	lat, lon := 45.7485, 4.8467
	r := activities.CaseRecord{
		Report: contract.Report{MissionID: "M-GONE-1", ClientID: "C-DEALER", ValetID: "V-31", At: "2026-03-10T08:15:00Z",
			Vehicle: contract.Vehicle{VIN: "VR3FCYHZ0MY100003", Plate: "GH-333-CC", Make: "Peugeot", Energy: contract.EnergyDiesel,
				Kind: contract.KindLeaseReturn, OwnerID: "C-LEASECO"},
			Location: contract.Location{Lat: &lat, Lon: &lon, Country: "FR"}, Symptoms: []string{"engine_stalled"}},
		Outcome: contract.Outcome{CaseID: contract.NewCaseID(contract.WorkflowID("M-GONE-1"), "0197a3c0-7b1e-7c4e-9f00-3c0d9e8a1b2c"), MissionID: "M-GONE-1",
			ClientID: "C-DEALER", Stage: contract.StageClosed, Origin: contract.OriginMechanical, Nature: contract.NatureEngine,
			Handler: contract.HandlerLessor, Provider: "leaseco-assistance", Payer: contract.PayerLessor, Mission: contract.MissionReorganised,
			Services: []contract.Service{contract.ServiceTow},
			Timeline: []contract.TimelineEntry{
				{At: "2026-03-10T08:15:00Z", Stage: contract.StageReported, Step: "reported", Reason: "valet V-31 reported engine_stalled"},
				{At: "2026-03-10T10:00:00Z", Stage: contract.StageClosed, Step: "closed", Reason: "closed: the vehicle was towed to the lessor's repairer"},
			}},
		ClosedAt: "2026-03-10T10:00:00Z",
	}
	receipt, err := acts.RecordCase(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, activities.RecordReceipt{Recorded: true, New: true, OwnerNotice: activities.OwnerNoticeSent}, receipt)

	got := st.Simulator.Records("/owner/notices", "M-GONE-1")
	require.Len(t, got, 1, "the lessor's endpoint took one signed notice")
	var notice activities.OwnerNotice
	require.NoError(t, json.Unmarshal(got[0], &notice))
	assert.Equal(t, "C-LEASECO", notice.OwnerID)
	require.True(t, strings.HasPrefix(notice.ReportURL, st.APIURL+links.PathReport), notice.ReportURL)

	status, body := fetch(t, notice.ReportURL)
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "closed: the vehicle was towed to the lessor&#39;s repairer", "the report shows the sealed timeline")
	assert.Contains(t, body, "M-GONE-1")

	exportURL, err := (&links.Pages{BaseURL: st.APIURL, Keys: st.LinkKeys}).ExportURL("C-DEALER",
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	status, body = fetch(t, exportURL)
	require.Equal(t, http.StatusOK, status, body)
	lines, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 2)
	assert.Equal(t, "M-GONE-1", lines[1][0])
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}
