package workflows

import (
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/testkeys"
)

// recorded lists the histories recorded by the current build: the cases, and
// apart the warranty claims they started.
func recorded(t *testing.T) (cases, claims []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testsuite", "testdata", "histories", "*", "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		if strings.Contains(f, ".child-") {
			claims = append(claims, f)
		} else {
			cases = append(cases, f)
		}
	}
	require.NotEmpty(t, cases)
	return cases, claims
}

// replayWith replays one recorded history with the case and the claim
// registered as given, under the contract's names, and the interceptors.
func replayWith(path string, breakdownCase, claim any, interceptors ...interceptor.WorkerInterceptor) error {
	keys := testkeys.Histories() // the recorded histories are encrypted
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: encryption.DataConverter(keys), FailureConverter: encryption.FailureConverter(keys),
		Interceptors: interceptors})
	if err != nil {
		return err
	}
	r.RegisterWorkflowWithOptions(breakdownCase, workflow.RegisterOptions{Name: contract.WorkflowType})
	r.RegisterWorkflowWithOptions(claim, workflow.RegisterOptions{Name: contract.ClaimWorkflowType})
	return r.ReplayWorkflowHistoryFromJSONFile(log.NewStructuredLogger(slog.New(slog.DiscardHandler)), path)
}

// change is a change to the command sequence made ahead of a workflow: a
// timer, always (guarded false) or behind a GetVersion guard (guarded true).
func change(ctx workflow.Context, guarded bool) error {
	if guarded && workflow.GetVersion(ctx, "test-change", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	return workflow.Sleep(ctx, time.Millisecond)
}

// assertNondeterminism checks that the replay of file failed for a
// nondeterminism: the SDK's error code TMPRL1100 (a command where the history
// has another, a lookup of an event that was not recorded where the code now
// expects it...).
func assertNondeterminism(t *testing.T, err error, file string) {
	t.Helper()
	assert.Contains(t, err.Error(), "TMPRL1100", file)
}

// changedCase is BreakdownCase with the change ahead of it.
func changedCase(guarded bool) func(workflow.Context, json.RawMessage) (contract.Outcome, error) {
	return func(ctx workflow.Context, in json.RawMessage) (contract.Outcome, error) {
		if err := change(ctx, guarded); err != nil {
			return contract.Outcome{}, err
		}
		return BreakdownCase(ctx, in)
	}
}

// changedClaim is WarrantyClaim with the change ahead of it.
func changedClaim(guarded bool) func(workflow.Context, ClaimInput) (contract.Claim, error) {
	return func(ctx workflow.Context, in ClaimInput) (contract.Claim, error) {
		if err := change(ctx, guarded); err != nil {
			return contract.Claim{}, err
		}
		return WarrantyClaim(ctx, in)
	}
}

// TestAChangeWithoutItsGuardIsCaught shows that the replay of the recorded
// histories catches a change to the command sequence shipped without a
// guard, and lets the same change pass behind workflow.GetVersion: the real
// workflows, registered under their contract names behind a wrapper that
// adds a timer ahead of them.
func TestAChangeWithoutItsGuardIsCaught(t *testing.T) {
	cases, claims := recorded(t)
	for _, f := range append(cases, claims...) {
		require.NoError(t, replayWith(f, BreakdownCase, WarrantyClaim), "as it is, %s replays", f)

		err := replayWith(f, changedCase(false), changedClaim(false))
		if assert.Error(t, err, "a timer added without a guard: %s", f) {
			assertNondeterminism(t, err, f)
		}

		assert.NoError(t, replayWith(f, changedCase(true), changedClaim(true)), "the timer behind a guard: %s replays", f)
	}
}

// TestAChangeDeepInsideTheCaseIsCaught shows that the replay catches a
// change anywhere in the case, not only at its start: an interceptor adds a
// timer before the case's first, middle or last activity (or local activity),
// or moves one of its search-attribute writes after the command that follows
// it (two commands swapped).
func TestAChangeDeepInsideTheCaseIsCaught(t *testing.T) {
	cases, _ := recorded(t)
	for _, f := range cases {
		count := &changeAt{}
		require.NoError(t, replayWith(f, BreakdownCase, WarrantyClaim, count), "as it is, %s replays", f)
		require.Positive(t, count.calls, f)

		for _, n := range []int{1, (count.calls + 1) / 2, count.calls} {
			err := replayWith(f, BreakdownCase, WarrantyClaim, &changeAt{timerBeforeCall: n})
			if assert.Error(t, err, "%s: a timer before call %d of %d", f, n, count.calls) {
				assertNondeterminism(t, err, f)
			}
		}
		if count.upserts == 0 {
			continue
		}
		for _, n := range []int{1, count.upserts} {
			err := replayWith(f, BreakdownCase, WarrantyClaim, &changeAt{moveUpsert: n})
			if assert.Error(t, err, "%s: search-attribute write %d of %d moved after the next command", f, n, count.upserts) {
				assertNondeterminism(t, err, f)
			}
		}
	}
}

// changeAt is a worker interceptor that changes the case's command sequence
// at one place, or none, and counts the case's activities and local
// activities (calls) and search-attribute writes (upserts).
type changeAt struct {
	interceptor.WorkerInterceptorBase
	// timerBeforeCall: add a 1 ms timer before the case's call of that number.
	timerBeforeCall int
	// moveUpsert: write the search attributes of that number after the
	// activity, local activity or timer the case asks for next.
	moveUpsert     int
	calls, upserts int
}

// InterceptWorkflow changes the case only, not its warranty claim.
func (c *changeAt) InterceptWorkflow(ctx workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	if workflow.GetInfo(ctx).WorkflowType.Name != contract.WorkflowType {
		return next
	}
	return &changeInbound{WorkflowInboundInterceptorBase: interceptor.WorkflowInboundInterceptorBase{Next: next}, at: c}
}

// changeInbound puts changeOutbound on the case's way out.
type changeInbound struct {
	interceptor.WorkflowInboundInterceptorBase
	at *changeAt
}

// Init wraps the case's outbound calls.
func (i *changeInbound) Init(outbound interceptor.WorkflowOutboundInterceptor) error {
	return i.Next.Init(&changeOutbound{WorkflowOutboundInterceptorBase: interceptor.WorkflowOutboundInterceptorBase{Next: outbound}, at: i.at})
}

// changeOutbound makes the change of changeAt as the case calls out.
type changeOutbound struct {
	interceptor.WorkflowOutboundInterceptorBase
	at *changeAt
	// held is the search-attribute write moved after the next command.
	held []temporal.SearchAttributeUpdate
}

// beforeCall adds the timer before the call that changeAt names.
func (o *changeOutbound) beforeCall(ctx workflow.Context) {
	o.at.calls++
	if o.at.calls == o.at.timerBeforeCall {
		_ = o.Next.NewTimer(ctx, time.Millisecond).Get(ctx, nil)
	}
}

// afterCommand writes the held search attributes, now that the next command is out.
func (o *changeOutbound) afterCommand(ctx workflow.Context) {
	if o.held != nil {
		_ = o.Next.UpsertTypedSearchAttributes(ctx, o.held...)
		o.held = nil
	}
}

func (o *changeOutbound) ExecuteActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	o.beforeCall(ctx)
	defer o.afterCommand(ctx)
	return o.Next.ExecuteActivity(ctx, activityType, args...)
}

// ExecuteLocalActivity writes the held search attributes once the local
// activity is done: its marker is recorded then, not when it is called.
func (o *changeOutbound) ExecuteLocalActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	o.beforeCall(ctx)
	f := o.Next.ExecuteLocalActivity(ctx, activityType, args...)
	if o.held != nil {
		_ = f.Get(ctx, nil)
		o.afterCommand(ctx)
	}
	return f
}

func (o *changeOutbound) NewTimerWithOptions(ctx workflow.Context, d time.Duration, options workflow.TimerOptions) workflow.Future {
	defer o.afterCommand(ctx)
	return o.Next.NewTimerWithOptions(ctx, d, options)
}

func (o *changeOutbound) UpsertTypedSearchAttributes(ctx workflow.Context, updates ...temporal.SearchAttributeUpdate) error {
	o.at.upserts++
	if o.at.upserts == o.at.moveUpsert {
		o.held = updates
		return nil
	}
	return o.Next.UpsertTypedSearchAttributes(ctx, updates...)
}
