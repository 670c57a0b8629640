package main

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// referenceQueue is the task queue of the bare reference workflow.
const referenceQueue = "bench-reference"

// Shape is how many activities a case runs: the reference runs as many.
type Shape struct {
	Activities      int `json:"activities"`       // activity tasks (provider calls)
	LocalActivities int `json:"local_activities"` // local activities (notices, lookups)
}

// ReferenceWorkflow is a bare workflow with the same number of activities as a
// happy-path case and nothing else: the yardstick of the saga's overhead.
func ReferenceWorkflow(ctx workflow.Context, shape Shape) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second})
	ctx = workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second})
	for i := 0; i < shape.LocalActivities; i++ {
		if err := workflow.ExecuteLocalActivity(ctx, Nop, i).Get(ctx, nil); err != nil {
			return err
		}
	}
	for i := 0; i < shape.Activities; i++ {
		if err := workflow.ExecuteActivity(ctx, Nop, i).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// Nop is the reference's activity: it does nothing.
func Nop(_ context.Context, _ int) error { return nil }

// registerReference registers the reference workflow on its own worker.
func registerReference(w worker.Worker) {
	w.RegisterWorkflowWithOptions(ReferenceWorkflow, workflow.RegisterOptions{Name: "BenchReference"})
	w.RegisterActivityWithOptions(Nop, activity.RegisterOptions{Name: "Nop"})
}
