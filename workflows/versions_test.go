package workflows

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/testkeys"
)

func replay(path string) error {
	keys := testkeys.Histories() // the recorded histories are encrypted
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: encryption.DataConverter(keys), FailureConverter: encryption.FailureConverter(keys)})
	if err != nil {
		return err
	}
	r.RegisterWorkflowWithOptions(BreakdownCase, workflow.RegisterOptions{Name: contract.WorkflowType})
	return r.ReplayWorkflowHistoryFromJSONFile(log.NewStructuredLogger(slog.New(slog.DiscardHandler)), path)
}

// TestUnguardedChangeIsCaughtByTheReplay proves the discipline: the follow-timer
// change without its GetVersion guard breaks the replay of the histories
// recorded before it, on the first case that followed a provider; with the
// guard they all replay.
func TestUnguardedChangeIsCaughtByTheReplay(t *testing.T) {
	before, err := filepath.Glob(filepath.Join("..", "testsuite", "testdata", "histories", "2026-11-21-initial", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, before)

	ignoreVersionGuard = changeFollowTimer
	defer func() { ignoreVersionGuard = "" }()
	caught := 0
	for _, f := range before {
		if err := replay(f); err != nil {
			caught++
			assert.Contains(t, strings.ToLower(err.Error()), "nondeterministic", f)
		}
	}
	// p07 (approval expired) and p10 (drivable) never follow a provider.
	assert.Equal(t, len(before)-2, caught, "every recorded case that followed a provider breaks without the guard")

	ignoreVersionGuard = ""
	for _, f := range before {
		assert.NoError(t, replay(f), "with the guard, %s replays", f)
	}
}

// TestIndexHoldIsGuarded: the indexer's hold during quick calls (version 2 of
// the round's marker) changes where the search attributes are written; the
// cases recorded at version 1 replay only because it is guarded.
func TestIndexHoldIsGuarded(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testsuite", "testdata", "histories", "2026-11-30-second-round", "p*.json"))
	require.NoError(t, err)
	var v1 []string // the cases, not their warranty claims (another workflow)
	for _, f := range files {
		if !strings.Contains(f, ".child-") {
			v1 = append(v1, f)
		}
	}
	require.NotEmpty(t, v1)

	ignoreVersionGuard = changeIndexAfterQuickCalls
	defer func() { ignoreVersionGuard = "" }()
	caught := 0
	for _, f := range v1 {
		if replay(f) != nil {
			caught++
		}
	}
	assert.GreaterOrEqual(t, caught, len(v1)*3/4, "most version-1 cases break without the guard")

	ignoreVersionGuard = ""
	for _, f := range v1 {
		assert.NoError(t, replay(f), "with the guard, %s replays", f)
	}
}
