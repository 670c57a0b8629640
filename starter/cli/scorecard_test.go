package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// scorecardStore is a SQLite record store holding two cases of March 2026:
// byd-assistance refused the first (res-assistance repaired it) and towed the
// second.
func scorecardStore(t *testing.T) string {
	t.Helper()
	url := record.SQLiteURL(t.TempDir())
	entry, err := encryption.NewEntry("k1")
	require.NoError(t, err)
	keys, err := encryption.ParseKeys(entry)
	require.NoError(t, err)
	st, err := record.Open(context.Background(), url, record.Options{Keys: keys})
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	for _, c := range []struct {
		mission, at string
		score       []contract.ProviderTimes
	}{
		{"M-1", "2026-03-02T08:00:00Z", []contract.ProviderTimes{
			{Provider: "byd-assistance", RequestedAt: "2026-03-02T08:03:00Z", Answer: contract.AnswerRefused, Reason: "no_driver_available",
				AnsweredAt: "2026-03-02T08:05:00Z"},
			{Provider: "res-assistance", RequestedAt: "2026-03-02T08:05:00Z", Answer: contract.AnswerAccepted, AcceptedAt: "2026-03-02T08:06:00Z",
				ETASeconds: 1200, PromisedAt: "2026-03-02T08:26:00Z", OnSiteAt: "2026-03-02T08:25:00Z", Ended: contract.MilestoneRepaired,
				EndedAt: "2026-03-02T08:55:00Z"}}},
		{"M-2", "2026-03-03T08:00:00Z", []contract.ProviderTimes{
			{Provider: "byd-assistance", RequestedAt: "2026-03-03T08:03:00Z", Answer: contract.AnswerAccepted, AcceptedAt: "2026-03-03T08:04:00Z",
				ETASeconds: 1800, PromisedAt: "2026-03-03T08:34:00Z", OnSiteAt: "2026-03-03T08:40:00Z", Ended: contract.MilestoneTowed,
				EndedAt: "2026-03-03T09:20:00Z"}}},
	} {
		_, err := st.Record(context.Background(), activities.CaseRecord{
			Report: contract.Report{MissionID: c.mission, ClientID: "C-DEALER", ValetID: "V-1", At: c.at,
				Vehicle: contract.Vehicle{VIN: "LGXCE4CB0P0000114", Plate: "GA-314-BY", Kind: contract.KindNew}},
			Outcome: contract.Outcome{CaseID: contract.WorkflowID(c.mission) + "/run", Stage: contract.StageClosed, Scorecard: c.score},
		})
		require.NoError(t, err)
	}
	return url
}

// TestScorecard: `starter scorecard` reads the record store without a Temporal
// server: the table, one provider's, and the report with charts.
func TestScorecard(t *testing.T) {
	url := scorecardStore(t)
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), append(args, "-address", "127.0.0.1:1"), strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	report := filepath.Join(t.TempDir(), "scorecards.html")
	code, out, errs := run("scorecard", "-from", "2026-03-01", "-to", "2026-03-31", "-records", url, "-out", report)
	require.Equal(t, ExitOK, code, errs)
	assert.Contains(t, out, "provider scorecards, requests sent from 2026-03-01 to 2026-03-31 (UTC, both included)")
	assert.Regexp(t, `figure +target +byd-assistance +res-assistance`, out)
	assert.Regexp(t, `accepted within the offer window +≥ 95 % \(Agero\) +1 \(50 %\) ✗ +1 \(100 %\)`, out)
	assert.Regexp(t, `  no_driver_available +1 +0`, out)
	assert.Contains(t, out, "report: "+report)
	html, err := os.ReadFile(report)
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(html), "<svg"))

	code, out, errs = run("scorecard", "-from", "2026-03-03", "-to", "2026-03-03", "-provider", "byd-assistance", "-records", url)
	require.Equal(t, ExitOK, code, errs)
	assert.Regexp(t, `figure +target +byd-assistance +\n`, out)
	assert.Regexp(t, `offers sent +1 +\n`, out)
	assert.NotContains(t, out, "res-assistance")

	code, out, _ = run("scorecard", "-from", "2026-04-01", "-to", "2026-04-30", "-records", url)
	require.Equal(t, ExitOK, code)
	assert.Contains(t, out, "no request to a provider")

	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"scorecard", "-to", "2026-03-31"}, ExitUsage, "-from is required"},
		{[]string{"scorecard", "-from", "2026-03-31", "-to", "2026-03-01"}, ExitUsage, "-to: 2026-03-01 is not after from"},
		{[]string{"scorecard", "-from", "2026-03-01", "-to", "2026-03-31", "-records", "sqlite:/no/such/dir/r.db"}, ExitFailed, "-records: records:"},
	} {
		code, _, errs := run(tc.args...)
		assert.Equal(t, tc.code, code, tc.args)
		assert.Contains(t, errs, tc.says, tc.args)
	}
}
