package cli_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/starter"
)

const p07 = "p07_no_assistance_client_silent.json"

// TestOpsInboxEndToEnd: on the embedded server, a case needs ops (the client
// never approves the paid options: approval_expired); ops find it with the
// saved view of docs/ops.md, resolve it with the CLI, and the case closes and
// leaves the list. The alert reached ops' endpoint signed, with its kind and
// the case's Web UI link.
func TestOpsInboxEndToEnd(t *testing.T) {
	sys, sc := systemPlaying(t, p07)
	mission := sc.Report.MissionID

	// The query ops save in the Web UI is the one docs/ops.md gives.
	docs, err := os.ReadFile("../../docs/ops.md")
	require.NoError(t, err)
	needsOps := starter.Filter{NeedsOps: true}.Query()
	require.Contains(t, string(docs), needsOps, "docs/ops.md gives the saved view of the cases needing ops")
	listed := func() []starter.CaseSummary {
		return jsonOf[[]starter.CaseSummary](t, sys, "list", "-query", needsOps, "-json")
	}
	has := func(cases []starter.CaseSummary) bool {
		for _, c := range cases {
			if c.MissionID == mission {
				return true
			}
		}
		return false
	}

	sys.ok(t, "report", reportFile(t, p07, nil))
	sys.ok(t, "qualify", "-mission", mission, "-origin", "mechanical", "-nature", "engine", "-operator", "ops-cli")

	// The approval expires (2 h at this scale), the suspension is told, and the
	// case waits for ops.
	var status contract.Outcome
	require.Eventually(t, func() bool {
		status = jsonOf[contract.Outcome](t, sys, "status", "-mission", mission, "-json")
		return status.Stage == contract.StageAwaitingOps
	}, 60*time.Second, 200*time.Millisecond, "stage %s", status.Stage)
	assert.Equal(t, contract.MissionSuspended, status.Mission, "the decision is made and told first")
	assert.Contains(t, status.ClientNotified, contract.NoticeMissionDecision)

	var found []starter.CaseSummary
	require.Eventually(t, func() bool { found = listed(); return has(found) }, 20*time.Second, 200*time.Millisecond)
	require.Len(t, found, 1)
	assert.Equal(t, []string{"approval_expired"}, found[0].OpsAttention)
	assert.False(t, found[0].OpsSince.IsZero())
	assert.Contains(t, sys.ok(t, "list", "-needs-ops"), contract.WorkflowID(mission), "the CLI's flag prints the same list")

	// The alert reached ops' endpoint signed (the simulator refuses it otherwise).
	alerts := sys.sim.Records("/ops/alerts", mission)
	require.NotEmpty(t, alerts)
	var alert map[string]any
	require.NoError(t, json.Unmarshal(alerts[0], &alert))
	assert.Equal(t, "approval_expired", alert["kind"])
	assert.Equal(t, true, alert["needs_person"])
	assert.True(t, strings.HasPrefix(alert["web_ui_url"].(string), "http://127.0.0.1:8233/namespaces/"+sys.namespace+"/workflows/"+contract.WorkflowID(mission)+"/"), alert["web_ui_url"])
	assert.Zero(t, sys.sim.Stats().UnsignedAlerts)

	// A resolve without an action is refused, naming the field.
	bad := sys.cli(t, "resolve", "-mission", mission, "-kind", "approval_expired", "-operator", "marie")
	assert.NotZero(t, bad.code)
	assert.True(t, strings.HasPrefix(bad.stderr, "action: is required"), bad.stderr)

	out := sys.ok(t, "resolve", "-mission", mission, "-kind", "approval_expired", "-operator", "marie",
		"-action", "called the client: it approved the tow by phone", "-note", "tow booked with res-assistance")
	assert.Contains(t, out, "resolved approval_expired; stage awaiting_ops; alerts still waiting for ops: none")

	outcome := jsonOf[contract.Outcome](t, sys, "wait", "-mission", mission, "-json")
	assert.Equal(t, contract.StageClosed, outcome.Stage)
	assert.Equal(t, contract.MissionSuspended, outcome.Mission)
	require.Len(t, outcome.OpsAlerts, 1)
	assert.Equal(t, contract.HandledResolved, outcome.OpsAlerts[0].Handled)
	assert.Equal(t, "marie", outcome.OpsAlerts[0].Operator)
	assert.Empty(t, sc.Check(outcome), "the scenario's expectations still hold")

	require.Eventually(t, func() bool { return !has(listed()) }, 20*time.Second, 200*time.Millisecond, "the case leaves the list")
	assert.NotContains(t, sys.ok(t, "list", "-needs-ops"), contract.WorkflowID(mission))
}
