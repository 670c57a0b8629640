package whatif

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/coverage"
	"github.com/valetops/assistance/rules/warranty"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/workflows"
)

// dayWorkflow is the registered name of DayOfCases.
const dayWorkflow = "WhatIfDay"

// DayOfCases opens each case of the day at its time, as a child workflow
// running the real case workflow (workflows.BreakdownCase), and returns every
// case's outcome once all have closed. It exists only for the what-if: in
// production each case is started by its report.
func DayOfCases(ctx workflow.Context, plan []Arrival) ([]contract.Outcome, error) {
	start := workflow.Now(ctx)
	futures := make([]workflow.ChildWorkflowFuture, len(plan))
	for i, a := range plan {
		if wait := start.Add(a.After).Sub(workflow.Now(ctx)); wait > 0 {
			if err := workflow.Sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
		input, err := json.Marshal(a.Report)
		if err != nil {
			return nil, err
		}
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: contract.WorkflowID(a.Report.MissionID)})
		futures[i] = workflow.ExecuteChildWorkflow(cctx, contract.WorkflowType, json.RawMessage(input))
	}
	out := make([]contract.Outcome, len(plan))
	for i, f := range futures {
		if i%100 == 99 {
			// Decoding thousands of outcomes at once is more than a second of
			// work on a busy machine: yield now and then, or the workflow would
			// be taken for a deadlock.
			if err := workflow.Sleep(ctx, time.Nanosecond); err != nil {
				return nil, err
			}
		}
		if err := f.Get(ctx, &out[i]); err != nil {
			out[i] = contract.Outcome{MissionID: plan[i].Report.MissionID, Summary: "failed: " + err.Error()}
		}
	}
	return out, nil
}

// envClock is the test environment's clock and messages.
type envClock struct {
	env *testsuite.TestWorkflowEnvironment
	mu  sync.Mutex // the environment's callbacks are registered one at a time
}

func (c *envClock) Now() time.Time { return c.env.Now() }

func (c *envClock) After(d time.Duration, fn func()) {
	if d < 0 {
		d = 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.env.RegisterDelayedCallback(fn, d)
}

func (c *envClock) Signal(workflowID string, m contract.Milestone) {
	_ = c.env.SignalWorkflowByID(workflowID, contract.SignalMilestone, m) // a closed case ignores late events
}

func (c *envClock) Update(workflowID, name string, arg any) {
	_ = c.env.UpdateWorkflowByID(workflowID, name, workflowID+"/"+name, &testsuite.TestUpdateCallback{
		OnReject: func(error) {}, OnAccept: func() {}, OnComplete: func(any, error) {},
	}, arg)
}

// Result is a played day: the plan, every case's outcome, and what the
// providers' side saw.
type Result struct {
	Day       Day
	Plan      []Arrival
	Outcomes  []contract.Outcome
	Network   network.Stats
	FirstBusy map[string]time.Time
	Asked     map[string]time.Time
	Took      time.Duration
}

// DeadlockDetection is how long a workflow task of a played day may run
// before it is taken for a deadlock: a minute, not the SDK's second, since the
// what-if plays on whatever machine runs it, busy or not.
const DeadlockDetection = time.Minute

// Play plays the day through the real case workflow in Temporal's test
// environment with time skipping: a day of cases takes minutes of this
// machine's time, and the same day and seed give the same figures. progress,
// when not nil, is called with the cases closed so far, about once a second.
func Play(d Day, progress func(closed, total int)) (*Result, error) {
	plan, err := d.Plan()
	if err != nil {
		return nil, err
	}
	if err := Apply(d.Model, d.Events); err != nil {
		return nil, err
	}
	programs, err := coverage.Builtin()
	if err != nil {
		return nil, err
	}
	warrantyPrograms, err := warranty.Builtin()
	if err != nil {
		return nil, err
	}
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quiet{})
	env := suite.NewTestWorkflowEnvironment()
	env.SetTestTimeout(2 * time.Hour)
	// The day's workflow and its thousands of cases share this process with
	// the world they play against: on a busy machine a workflow task can take
	// more than the SDK's one second without any deadlock (a week of days
	// failed so at the end of its sixth day, at load 3 on 2 cores).
	env.SetWorkerOptions(worker.Options{DeadlockDetectionTimeout: DeadlockDetection})
	env.SetStartTime(d.Date)
	clk := &envClock{env: env}
	w := newWorld(network.New(d.Model, d.Seed), clk, d)
	acts := &activities.Activities{
		Providers: w, Notifier: w, Missions: w,
		Settings:         activities.FixedSettings{Default: rules.DefaultSettings()},
		Programs:         programs,
		WarrantyPrograms: warrantyPrograms,
	}
	workflows.Register(env, acts)
	env.RegisterWorkflowWithOptions(DayOfCases, workflow.RegisterOptions{Name: dayWorkflow})
	for _, a := range plan {
		w.ops[a.Report.MissionID] = contract.QualifyRequest{Origin: a.Origin, Nature: natureOf(a), Operator: "what-if ops"}
	}

	stop := make(chan struct{})
	if progress != nil {
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Second):
					progress(w.Closed(), len(plan))
				}
			}
		}()
	}
	started := time.Now()
	env.ExecuteWorkflow(dayWorkflow, plan)
	close(stop)
	if !env.IsWorkflowCompleted() {
		return nil, fmt.Errorf("the day did not finish")
	}
	if err := env.GetWorkflowError(); err != nil {
		return nil, err
	}
	var outcomes []contract.Outcome
	if err := env.GetWorkflowResult(&outcomes); err != nil {
		return nil, err
	}
	failed, first := 0, ""
	for _, o := range outcomes {
		if o.Stage != contract.StageClosed {
			if failed++; first == "" {
				first = o.MissionID + ": " + o.Summary
			}
		}
	}
	if failed > 0 {
		return nil, fmt.Errorf("%d of %d cases did not close, e.g. %s", failed, len(outcomes), first)
	}
	if progress != nil {
		progress(w.Closed(), len(plan))
	}
	return &Result{Day: d, Plan: plan, Outcomes: outcomes, Network: w.net.Stats(), FirstBusy: w.firstBusy,
		Asked: w.asked, Took: time.Since(started)}, nil
}

// natureOf is the nature ops give a case: what the rules propose from its
// symptoms.
func natureOf(a Arrival) contract.Nature {
	return rules.ProposeQualification(a.Report).Nature
}

// quiet is the test environment's logger: the what-if prints its own figures.
type quiet struct{}

func (quiet) Debug(string, ...any) {}
func (quiet) Info(string, ...any)  {}
func (quiet) Warn(string, ...any)  {}
func (quiet) Error(string, ...any) {}
