package stack_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
	"github.com/valetops/assistance/testsuite/wait"
)

// retentionScale divides the cases' windows and the scripts' offsets: a case
// of the test takes some 30 s.
const retentionScale = 200

// TestRecordsOutliveTheRetention runs the embedded stack with a namespace
// that keeps a closed case one minute (devserver.Config.TestRetention) and
// plays the cases of one BYD's discharged high-voltage battery (byd-eu: at most
// 2 per VIN per calendar year), each reported once the earlier ones are gone
// from Temporal (DescribeWorkflowExecution says not found and visibility lists
// none of the VIN), so that only the case record store remembers them:
//
//   - the first discharge (mechanical, BYD's assistance: the benefit used) and
//     a discharge that was the valet's error (the operator's partner handled it:
//     no benefit used);
//   - once both are gone, the second discharge is the "2nd one of the year":
//     the first counts from its record, the valet's error does not;
//   - once it is gone too, the third is refused (not_covered:yearly_limit),
//     and the client pays the tow it approves;
//   - the first case's report page, its link taken at the close, still opens
//     from the record, with its timeline.
//
// Under the third round's rules (DOMAIN.md: "The third HV battery discharge of
// a calendar year for the same VIN is not covered") the first two are
// `limited` (a limited benefit: basic services only) and the third is
// `not_covered:yearly_limit`.
func TestRecordsOutliveTheRetention(t *testing.T) {
	if testing.Short() {
		t.Skip("live end-to-end run of several minutes")
	}
	const vin = "LGXCE4CB0P0022001"
	first := hvCase(t, "coverage/c01_hv_battery_limited.json", "M-RET-1", vin, nil)
	valet := hvCase(t, "coverage/c01_hv_battery_limited.json", "M-RET-V", vin, func(m map[string]any) {
		m["ops"].(map[string]any)["qualify"].(map[string]any)["origin"] = "valet_error"
		m["providers"] = map[string]any{"res-assistance": map[string]any{
			"dispatch": []any{"accept eta=35m"}, "events": []any{"on_site +35m", "towed +80m to=operator_site"}}}
		m["expect"] = map[string]any{"origin": "valet_error", "handler": "operator_partner", "mission": "stopped"}
	})
	second := hvCase(t, "coverage/c01_hv_battery_limited.json", "M-RET-2", vin, nil)
	third := hvCase(t, "coverage/c02_hv_battery_third_time.json", "M-RET-3", vin, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	started := time.Now()
	st := systemtest.Start(ctx, t, stack.Config{Scale: retentionScale,
		Scenarios: []*scenario.Scenario{first, valet, second, third}, TestRetention: time.Minute})
	player := demo.Player{Cases: st.Cases, Scale: retentionScale, Poll: 200 * time.Millisecond}
	play := func(cases ...*scenario.Scenario) []contract.Outcome {
		t.Helper()
		for _, s := range cases {
			s.Report.At = time.Now().Add(-10 * time.Second).UTC().Format(time.RFC3339) // reported now, within the year
		}
		out := make([]contract.Outcome, len(cases))
		for i, r := range player.PlayAll(ctx, cases, 100*time.Millisecond) {
			require.NoError(t, r.Err, r.Scenario.Report.MissionID)
			require.Empty(t, r.Refused, r.Scenario.Report.MissionID)
			require.Equal(t, contract.StageClosed, r.Outcome.Stage, r.Scenario.Report.MissionID)
			out[i] = r.Outcome
		}
		return out
	}
	gone := func(outcomes ...contract.Outcome) {
		t.Helper()
		waitGone(ctx, t, st, vin, outcomes...)
	}

	got := play(first, valet)
	one, byValet := got[0], got[1]
	assert.Equal(t, "limited", one.Coverage, steps(one))
	assert.Contains(t, coverageStep(one), "the 1st one of")
	assert.Equal(t, contract.OriginValetError, byValet.Origin)
	assert.Equal(t, contract.HandlerOperatorPartner, byValet.Handler)
	require.NotEmpty(t, one.ReportURL, "the report link handed out at the close")
	t.Logf("%s: the first discharge and the valet's error closed", since(started))
	gone(one, byValet)
	t.Logf("%s: both gone from Temporal", since(started))

	two := play(second)[0]
	assert.Equal(t, "limited", two.Coverage, steps(two))
	assert.Contains(t, coverageStep(two), "the 2nd one of", "the first counts from its record; the valet's error does not")
	gone(two)
	t.Logf("%s: the second discharge closed and is gone from Temporal", since(started))

	three := play(third)[0]
	assert.Equal(t, "not_covered:yearly_limit", three.Coverage, steps(three))
	assert.Contains(t, coverageStep(three), "this is the 3rd hv battery discharged of")
	assert.Equal(t, contract.Approved("tow"), three.Approval)
	assert.Equal(t, contract.PayerClient, three.Payer)
	t.Logf("%s: the third discharge closed %s", since(started), three.Coverage)

	status, body := fetch(t, one.ReportURL)
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "M-RET-1")
	for _, e := range one.Timeline {
		if e.Step == "closed" || e.Step == "coverage" {
			assert.Contains(t, body, htmlText(e.Reason), "the report's timeline shows step %s", e.Step)
		}
	}
	t.Logf("%s: the first case's report opened from its record", since(started))
}

// hvCase loads a public scenario as mission for vin, changed by change.
func hvCase(t *testing.T, file, mission, vin string, change func(map[string]any)) *scenario.Scenario {
	t.Helper()
	base, err := scenarios.Named(file)
	require.NoError(t, err)
	s, err := base.Clone(mission, func(m map[string]any) {
		report := m["report"].(map[string]any)
		report["vehicle"].(map[string]any)["vin"] = vin
		delete(report, "prior_cases") // what counts is what the case record store remembers
		if change != nil {
			change(m)
		}
	})
	require.NoError(t, err)
	return s
}

// waitGone waits until Temporal no longer has the cases: described, each is
// not found, and visibility lists no closed case of vin.
func waitGone(ctx context.Context, t *testing.T, st *stack.Stack, vin string, outcomes ...contract.Outcome) {
	t.Helper()
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		for _, o := range outcomes {
			wf, run, _ := strings.Cut(o.CaseID, "/")
			_, err := st.Client.DescribeWorkflowExecution(ctx, wf, run)
			var notFound *serviceerror.NotFound
			assert.ErrorAs(c, err, &notFound, "%s is still in Temporal", o.CaseID)
		}
		resp, err := st.Client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: st.Server.Namespace(), Query: contract.AttrVIN.GetName() + " = '" + vin + "' AND ExecutionStatus != 'Running'"})
		if assert.NoError(c, err) {
			assert.Empty(c, resp.Executions, "visibility still lists closed cases of %s", vin)
		}
	}, wait.Left(ctx), 2*time.Second, "the cases gone from Temporal")
}

// coverageStep is the reason of the case's coverage step.
func coverageStep(o contract.Outcome) string {
	for _, e := range o.Timeline {
		if e.Step == "coverage" {
			return e.Reason
		}
	}
	return ""
}

func steps(o contract.Outcome) string {
	var b strings.Builder
	for _, e := range o.Timeline {
		b.WriteString(e.At + " " + e.Step + ": " + e.Reason + "\n")
	}
	return b.String()
}

// htmlText is s as an HTML page escapes it.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Second) }
