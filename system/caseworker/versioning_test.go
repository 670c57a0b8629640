package caseworker_test

import (
	"context"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/worker"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// versioningScale divides the case's windows: ops have 20 s to qualify, so
// the first case is still open, pinned to build A, when build B is rolled out.
const versioningScale = 30

// TestTwoBuildsRolledOut proves the rollout of a new worker build on the
// embedded server: build A is current and a case starts on it; build B is
// rolled out beside it and made current, and a second case starts on B; then
// both cases go on to their end. The first finishes on build A (every one of
// its workflow tasks completed by A's worker, pinned to A), the second on B.
func TestTwoBuildsRolledOut(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p02, err := scenarios.Named("p02_operator_puncture_repaired.json")
	require.NoError(t, err)
	first, err := p02.Clone("M-BUILD-A", nil)
	require.NoError(t, err)
	second, err := p02.Clone("M-BUILD-B", nil)
	require.NoError(t, err)
	// Its cleanup stops it after the workers' own cleanups.
	st := systemtest.Start(ctx, t, stack.Config{Scale: versioningScale, Scenarios: []*scenario.Scenario{first, second}, ExternalWorker: true})

	buildA := caseworker.Deployment{BuildID: "build-a"}
	startBuild(ctx, t, st, buildA, "worker-build-a")
	report(ctx, t, st, first)

	buildB := caseworker.Deployment{BuildID: "build-b"}
	startBuild(ctx, t, st, buildB, "worker-build-b")
	report(ctx, t, st, second)

	for _, s := range []*scenario.Scenario{first, second} {
		q := s.Ops.Qualify
		_, err := st.Cases.Qualify(ctx, s.Report.MissionID, contract.QualifyRequest{
			Origin:   q.Origin,
			Nature:   q.Nature,
			Drivable: q.Drivable,
			Operator: "versioning test",
		})
		require.NoError(t, err, s.Report.MissionID)
	}
	for _, c := range []struct {
		s        *scenario.Scenario
		build    string
		identity string
	}{{first, "build-a", "worker-build-a"}, {second, "build-b", "worker-build-b"}} {
		out, err := st.Cases.Wait(ctx, c.s.Report.MissionID)
		require.NoError(t, err)
		assert.Equal(t, contract.StageClosed, out.Stage)
		assert.Equal(t, contract.MissionResumed, out.Mission, c.s.Report.MissionID)

		id := contract.WorkflowID(c.s.Report.MissionID)
		desc, err := st.Client.DescribeWorkflowExecution(ctx, id, "")
		require.NoError(t, err)
		v := desc.GetWorkflowExecutionInfo().GetVersioningInfo()
		assert.Equal(t, enums.VERSIONING_BEHAVIOR_PINNED, v.GetBehavior(), id)
		assert.Equal(t, c.build, v.GetDeploymentVersion().GetBuildId(), "%s is pinned to the build it started on", id)

		tasks := 0
		for it := st.Client.GetWorkflowHistory(ctx, id, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT); it.HasNext(); {
			ev, err := it.Next()
			require.NoError(t, err)
			if done := ev.GetWorkflowTaskCompletedEventAttributes(); done != nil {
				tasks++
				assert.Equal(t, c.identity, done.GetIdentity(), "%s: workflow task %d completed by its own build", id, ev.GetEventId())
			}
		}
		t.Logf("%s: %d workflow tasks, all on %s (pinned), mission %s", id, tasks, c.build, out.Mission)
		assert.Greater(t, tasks, 3, id)
	}
}

// startBuild starts an in-process worker of build d and makes d current.
func startBuild(ctx context.Context, t *testing.T, st *stack.Stack, d caseworker.Deployment, identity string) {
	t.Helper()
	acts, err := caseworker.Activities(st.Client, st.CaseWorkerConfig(versioningScale))
	require.NoError(t, err)
	w := caseworker.New(st.Client, "", acts, worker.Options{DeploymentOptions: d.Options(), Identity: identity})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	require.NoError(t, d.MakeCurrent(ctx, st.Client))
}

func report(ctx context.Context, t *testing.T, st *stack.Stack, s *scenario.Scenario) {
	t.Helper()
	_, err := st.Cases.Report(ctx, s.Report)
	require.NoError(t, err, s.Report.MissionID)
}
