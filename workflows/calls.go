package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// The case's calls to the outside world: the options of its activities and
// local activities, and the quick calls it is running.

// acts names the activities by their Go methods; the worker registers a real
// *activities.Activities under the same names.
var acts *activities.Activities

// calls counts the case's quick calls (local activities) while they run: the
// indexer holds its writes meanwhile (indexer.go).
type calls struct {
	running int
}

// quick runs a local activity (withQuickCall, summary what) with args and
// waits for its result in out (nil: none).
func (k *calls) quick(ctx workflow.Context, what string, out any, activity any, args ...any) error {
	k.running++
	defer func() { k.running-- }()
	return workflow.ExecuteLocalActivity(withQuickCall(ctx, what), activity, args...).Get(ctx, out)
}

// isCancel reports whether err comes from the case being cancelled.
func isCancel(ctx workflow.Context, err error) bool {
	var canceled *temporal.CanceledError
	return ctx.Err() != nil || errors.As(err, &canceled) || errors.Is(err, workflow.ErrCanceled)
}

// withProviderCall sets the options of an activity that calls a provider: a
// short timeout per attempt, and a few retries with the same idempotency key
// before the provider counts as unreachable.
func withProviderCall(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		Summary:             summary,
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    paced(ctx, 5*time.Second),
			BackoffCoefficient: 2,
			MaximumInterval:    paced(ctx, time.Minute),
			MaximumAttempts:    4,
		},
	})
}

// timeScaleKey carries the case's time scale (rules.Settings.TimeScale) in
// its context, so that the retries of a provider call are paced like the
// case's windows: a live demo playing hours in minutes waits for an unreachable
// provider as briefly, in proportion, as for anything else. (A retry policy is
// not part of what a replay compares.)
type timeScaleKey struct{}

// withTimeScale puts the case's time scale in ctx.
func withTimeScale(ctx workflow.Context, scale float64) workflow.Context {
	return workflow.WithValue(ctx, timeScaleKey{}, scale)
}

// paced divides d by the time scale in ctx, never below 10 ms.
func paced(ctx workflow.Context, d time.Duration) time.Duration {
	scale, _ := ctx.Value(timeScaleKey{}).(float64)
	if scale <= 1 {
		return d
	}
	return max(time.Duration(float64(d)/scale), 10*time.Millisecond)
}

// withCompensation sets the options of an activity that undoes an order: it
// must get through, so it is retried for a long time.
func withCompensation(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		Summary:                summary,
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: 24 * time.Hour,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    5 * time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    10 * time.Minute,
		},
	})
}

// withQuickCall sets the options of a local activity: notices, alerts, mission
// updates and lookups, quick calls that run inside the workflow task. Their
// retries are paced like the case's windows (two minutes of them at scale 1,
// never less than 5 s), so that a live demo whose client endpoint is down
// does not wait two real minutes at every notice.
func withQuickCall(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		Summary:                summary,
		StartToCloseTimeout:    10 * time.Second,
		ScheduleToCloseTimeout: max(paced(ctx, 2*time.Minute), 5*time.Second),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    paced(ctx, time.Second),
			BackoffCoefficient: 2,
			MaximumInterval:    paced(ctx, 30*time.Second),
		},
	})
}

// waitFor waits for condition, at most timeout, under a timer whose summary
// says in the Web UI what the case is waiting for.
func waitFor(ctx workflow.Context, timeout time.Duration, summary string, condition func() bool) (bool, error) {
	return workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
		Timeout:      timeout,
		TimerOptions: workflow.TimerOptions{Summary: summary},
	}, condition)
}
