package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// exportStore is a SQLite record store holding two cases of C-LEASECO in
// March 2026 and one of another client.
func exportStore(t *testing.T) string {
	t.Helper()
	url := record.SQLiteURL(t.TempDir())
	entry, err := encryption.NewEntry("k1")
	require.NoError(t, err)
	keys, err := encryption.ParseKeys(entry)
	require.NoError(t, err)
	st, err := record.Open(context.Background(), url, record.Options{Keys: keys})
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	for _, c := range []struct{ mission, client, at string }{
		{"M-1", "C-LEASECO", "2026-03-02T08:00:00Z"}, {"M-2", "C-LEASECO", "2026-03-20T08:00:00Z"},
		{"M-3", "C-DEALER", "2026-03-05T08:00:00Z"},
	} {
		_, err := st.Record(context.Background(), activities.CaseRecord{
			Report: contract.Report{MissionID: c.mission, ClientID: c.client, ValetID: "V-1", At: c.at,
				Vehicle: contract.Vehicle{VIN: "VR3FCYHZ0MY100003", Plate: "GH-333-CC", Kind: contract.KindLeaseReturn}},
			Outcome: contract.Outcome{CaseID: "breakdown-" + c.mission + "/run", Stage: contract.StageClosed, Origin: contract.OriginMechanical,
				Nature: contract.NatureEngine, Handler: contract.HandlerLessor, Provider: "leaseco-assistance", Payer: contract.PayerLessor,
				Services: []contract.Service{contract.ServiceTow}, Mission: contract.MissionReorganised},
		})
		require.NoError(t, err)
	}
	return url
}

// TestExport: `starter export` reads the record store without a Temporal
// server (no -address reaches one here): CSV by default, JSON on demand, or
// the client's signed link.
func TestExport(t *testing.T) {
	url := exportStore(t)
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), append(args, "-address", "127.0.0.1:1"), strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	code, out, errs := run("export", "-client", "C-LEASECO", "-from", "2026-03-01", "-to", "2026-03-31", "-records", url)
	require.Equal(t, ExitOK, code, errs)
	lines, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, lines, 3)
	assert.Equal(t, []string{"M-1", "M-2"}, []string{lines[1][0], lines[2][0]})
	assert.Contains(t, lines[1], "tow:leaseco-assistance")

	code, out, errs = run("export", "-client", "C-LEASECO", "-from", "2026-03-01", "-to", "2026-03-10", "-format", "json", "-records", url)
	require.Equal(t, ExitOK, code, errs)
	var rows []record.ExportRow
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 1)
	assert.Equal(t, "lessor", rows[0].Payer)

	code, out, errs = run("export", "-client", "C-LEASECO", "-from", "2026-03-01", "-to", "2026-03-31", "-link",
		"-link-keys", "k1=0123456789abcdef0123", "-pages-url", "https://assist.example")
	require.Equal(t, ExitOK, code, errs)
	_, link, ok := strings.Cut(strings.TrimSpace(out), "https://assist.example"+links.PathExport)
	require.True(t, ok, out)
	keys, err := links.ParseKeys("k1=0123456789abcdef0123")
	require.NoError(t, err)
	c, err := keys.Verify(link, time.Now())
	require.NoError(t, err)
	assert.Equal(t, links.Claims{Audience: links.Export, ClientID: "C-LEASECO", From: "2026-03-01T00:00:00Z", To: "2026-04-01T00:00:00Z",
		Expires: c.Expires}, c)

	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"export", "-from", "2026-03-01", "-to", "2026-03-31"}, ExitUsage, "-client is required"},
		{[]string{"export", "-client", "C", "-from", "March", "-to", "2026-03-31"}, ExitUsage, "-from: expected a date"},
		{[]string{"export", "-client", "C", "-from", "2026-03-01", "-to", "2026-03-31", "-format", "xml"}, ExitUsage, "-format: expected csv or json"},
		{[]string{"export", "-client", "C", "-from", "2026-03-01", "-to", "2026-03-31", "-link"}, ExitUsage, "-link-keys"},
		{[]string{"export", "-client", "C", "-from", "2026-03-01", "-to", "2026-03-31", "-records", "sqlite:/no/such/dir/r.db"}, ExitFailed, "-records: records:"},
	} {
		code, _, errs := run(tc.args...)
		assert.Equal(t, tc.code, code, tc.args)
		assert.Contains(t, errs, tc.says, tc.args)
	}
}
