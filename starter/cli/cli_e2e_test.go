package cli_test

import (
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/starter/cli"
)

const p06 = "p06_no_assistance_client_approves.json"

// TestCLIEndToEnd drives one case with the CLI alone, from the valet's report
// to the outcome, against a real Temporal server, the provider simulator, our
// webhook API and a case worker; then reports an invalid file.
func TestCLIEndToEnd(t *testing.T) {
	sys, sc := systemPlaying(t, p06)
	t.Run("one case from report to outcome", func(t *testing.T) { oneCase(t, sys, sc.Report.MissionID) })
	t.Run("an invalid report starts nothing", func(t *testing.T) { invalidReport(t, sys) })
}

func oneCase(t *testing.T, sys *system, mission string) {
	file := reportFile(t, p06, nil)

	// The report opens the case; sent again, it reaches the same case.
	first := jsonOf[contract.ReportReceipt](t, sys, "report", file, "-json")
	assert.False(t, first.Duplicate)
	assert.True(t, strings.HasPrefix(first.CaseID, contract.WorkflowID(mission)+"/"), first.CaseID)
	again := sys.ok(t, "report", file)
	assert.Contains(t, again, "duplicate: the report reached the running case "+first.CaseID+" (mission "+mission+")")

	// The open case is listed, with its search attributes.
	require.Eventually(t, func() bool {
		return strings.Contains(sys.ok(t, "list", "-open"), contract.WorkflowID(mission))
	}, 10*time.Second, 100*time.Millisecond)
	listed := jsonOf[[]starter.CaseSummary](t, sys, "list", "-open", "-mission", mission, "-json")
	require.Len(t, listed, 1)
	assert.Equal(t, "Running", listed[0].Status)
	assert.Equal(t, "DL-404-NN", listed[0].Plate)
	assert.Empty(t, sys.ok(t, "list", "-plate", `O'NEIL "\ 42`), "a quoted value is a value, and the server takes it")

	// A qualification the validator refuses is printed word for word.
	bad := sys.cli(t, "qualify", "-mission", mission, "-origin", "alien", "-nature", "engine")
	want := contract.QualifyRequest{Origin: "alien", Nature: "engine"}.Validate().Error()
	assert.Equal(t, cli.ExitFailed, bad.code)
	assert.True(t, strings.HasPrefix(want, `origin: unknown origin "alien"`), want)
	assert.Equal(t, want+"\n", bad.stderr)
	assert.Empty(t, bad.stdout)

	out := sys.ok(t, "qualify", "-mission", mission, "-origin", "mechanical", "-nature", "engine", "-operator", "ops-cli")
	assert.Contains(t, out, "qualified: origin mechanical, nature engine, drivable=false")

	// The client is asked to approve a paid option.
	var status contract.Outcome
	require.Eventually(t, func() bool {
		status = jsonOf[contract.Outcome](t, sys, "status", "-mission", mission, "-json")
		return status.Stage == contract.StageAwaitingApproval
	}, 20*time.Second, 100*time.Millisecond, "stage %s", status.Stage)
	human := sys.ok(t, "status", "-mission", mission)
	for _, line := range []string{"stage     awaiting_approval", "origin    mechanical, nature engine", "approval  pending; offered: tow 180.00 EUR", "timeline:"} {
		assert.Contains(t, human, line)
	}

	refused := sys.cli(t, "decide", "-mission", mission, "-choose", "helicopter")
	want = contract.DecideRequest{Choose: "helicopter"}.Validate(status.OptionsOffered, status.Approval).Error()
	assert.Equal(t, cli.ExitFailed, refused.code)
	assert.True(t, strings.HasPrefix(want, `choose: "helicopter" was not offered`), want)
	assert.Equal(t, want+"\n", refused.stderr)

	assert.Equal(t, "approved:tow\n", sys.ok(t, "decide", "-mission", mission, "-choose", "tow", "-by", "dealer desk"))

	// The provider tows the vehicle; the case closes.
	outcome := jsonOf[contract.Outcome](t, sys, "wait", "-mission", mission, "-json")
	assert.Equal(t, contract.StageClosed, outcome.Stage)
	assert.Equal(t, first.CaseID, outcome.CaseID)
	assert.Equal(t, "approved:tow", outcome.Approval)
	assert.Equal(t, contract.PayerClient, outcome.Payer)
	assert.Equal(t, []contract.Service{contract.ServiceTow}, outcome.Services)
	assert.Equal(t, contract.MissionReorganised, outcome.Mission)
	assert.Equal(t, contract.HandlerOperatorArranged, outcome.Handler)
	assert.Equal(t, contract.OriginMechanical, outcome.Origin)

	require.Eventually(t, func() bool {
		closed := jsonOf[[]starter.CaseSummary](t, sys, "list", "-mission", mission, "-stage", "closed", "-json")
		return len(closed) == 1 && closed[0].Status == "Completed"
	}, 10*time.Second, 100*time.Millisecond)
	assert.Empty(t, sys.ok(t, "list", "-open", "-mission", mission))
}

func invalidReport(t *testing.T, sys *system) {
	const mission = "M-CLI-INVALID"
	file := reportFile(t, p06, func(r map[string]any) {
		r["mission_id"] = mission
		r["vehicle"].(map[string]any)["kind"] = "van"
	})
	r := sys.cli(t, "report", file)
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, `vehicle.kind: unknown vehicle kind "van"; expected lease_return, new or used`)
	assert.Empty(t, r.stdout)

	assert.Empty(t, sys.ok(t, "list", "-mission", mission), "no case was started")
	status := sys.cli(t, "status", "-mission", mission)
	assert.Equal(t, cli.ExitFailed, status.code)
	assert.Contains(t, status.stderr, "starter status: no case for mission "+mission)
}
