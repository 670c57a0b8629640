package testsuite

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/coverage"
	"github.com/valetops/assistance/rules/warranty"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/workflows"
)

// Played is what happened when a scenario was played.
type Played struct {
	Outcome   contract.Outcome
	Err       error
	Providers *ScriptedProviders
	Warranty  *ScriptedWarranty
	Recorder  *Recorder
	// Refused lists the scripted Updates the case refused, with the reason.
	Refused []string
	// Activities are the case's activities; a Setup may change their
	// dependencies (e.g. the partners' network) before the case starts.
	Activities *activities.Activities
}

// programs are the coverage programs built into the worker.
var programs = func() coverage.Catalog {
	c, err := coverage.Builtin()
	if err != nil {
		panic(err) // the embedded program files are checked by the coverage tests
	}
	return c
}()

// warrantyPrograms are the warranty programs built into the worker.
var warrantyPrograms = func() warranty.Catalog {
	c, err := warranty.Builtin()
	if err != nil {
		panic(err) // the embedded program files are checked by the warranty tests
	}
	return c
}()

// envClock runs callbacks in the test environment's own (skipped) time.
type envClock struct {
	env *sdktest.TestWorkflowEnvironment
}

func (c envClock) After(d time.Duration, fn func()) { c.env.RegisterDelayedCallback(fn, d) }

// Play runs one scenario through the real workflow and activities in a fresh
// test environment with time skipping, the parties played by its script.
func Play(s *scenario.Scenario) *Played { return PlayWith(s, nil) }

// Setup lets a test act on the environment before the case starts: schedule a
// cancellation, an extra Update, a Query at some offset.
type Setup func(env *sdktest.TestWorkflowEnvironment, p *Played)

// PlayWith is Play with a test's own setup.
func PlayWith(s *scenario.Scenario, setup Setup) *Played {
	var suite sdktest.WorkflowTestSuite
	suite.SetLogger(quietLogger{})
	env := suite.NewTestWorkflowEnvironment()
	env.SetTestTimeout(time.Minute)
	env.SetStartTime(s.Report.ReachedAssistanceAt())
	p := &Played{Recorder: &Recorder{RefuseNotices: s.NoticesRefused()}}
	var mu sync.Mutex
	refuse := func(what string, err error) {
		mu.Lock()
		defer mu.Unlock()
		p.Refused = append(p.Refused, fmt.Sprintf("%s: %v", what, err))
	}
	p.Providers = &ScriptedProviders{
		Script: s.Providers,
		Clock:  envClock{env},
		Deliver: func(m contract.Milestone) {
			if !env.IsWorkflowCompleted() {
				env.SignalWorkflow(contract.SignalMilestone, m)
			}
		},
	}
	p.Warranty = &ScriptedWarranty{Scenario: s, Clock: envClock{env}, Send: func(id, name string, arg any) {
		if env.IsWorkflowCompleted() {
			return
		}
		err := env.UpdateWorkflowByID(id, name, id+"/"+name, &sdktest.TestUpdateCallback{
			OnReject:   func(err error) { refuse(name, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, arg)
		if err != nil {
			refuse(name, err)
		}
	}}
	acts := &activities.Activities{
		Providers: p.Providers,
		Notifier:  p.Recorder,
		Missions:  p.Recorder,
		Settings:  activities.FixedSettings{Default: rules.DefaultSettings()},
		Programs:  programs,

		Warranty:         p.Warranty,
		WarrantyPrograms: warrantyPrograms,
	}
	p.Activities = acts
	workflows.Register(env, acts)

	update := func(name string, arg any) {
		env.UpdateWorkflow(name, "", &sdktest.TestUpdateCallback{
			OnReject:   func(err error) { refuse(name, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, arg)
	}
	if s.Ops != nil && s.Ops.Qualify != nil {
		q := s.Ops.Qualify
		env.RegisterDelayedCallback(func() {
			update(contract.UpdateQualify, contract.QualifyRequest{
				Origin:   q.Origin,
				Nature:   q.Nature,
				Drivable: q.Drivable,
				Operator: "scenario",
			})
		}, q.After.Duration())
	}
	if s.Valet != nil && s.Valet.Position != nil {
		pos := s.Valet.Position
		env.RegisterDelayedCallback(func() { update(contract.UpdateLocate, pos.Locate()) }, pos.After.Duration())
	}
	if s.Client != nil && s.Client.Decide != nil {
		d := s.Client.Decide
		env.RegisterDelayedCallback(func() {
			update(contract.UpdateDecide, contract.DecideRequest{Choose: d.Choose, Decline: d.Decline, By: "scenario"})
		}, d.After.Duration())
	}
	if s.Beneficiary != nil {
		choices := s.Beneficiary.Choose
		p.Recorder.OnOffer = func(activities.ServiceOffer) {
			env.RegisterDelayedCallback(func() {
				for _, c := range choices {
					update(contract.UpdateChooseService, contract.ServiceChoice{Service: c, By: s.Report.ValetID})
				}
			}, 0)
		}
	}

	if setup != nil {
		setup(env, p)
	}
	env.ExecuteWorkflow(contract.WorkflowType, s.Report)
	if !env.IsWorkflowCompleted() {
		p.Err = fmt.Errorf("the case did not finish")
		return p
	}
	p.Err = env.GetWorkflowError()
	if p.Err == nil {
		p.Err = env.GetWorkflowResult(&p.Outcome)
	}
	return p
}

// Timeline prints the case's timeline, one step a line.
func (p *Played) Timeline() string {
	var b strings.Builder
	for _, e := range p.Outcome.Timeline {
		fmt.Fprintf(&b, "  %s [%s] %s: %s\n", e.At, e.Stage, e.Step, e.Reason)
	}
	return b.String()
}

// quietLogger drops the workflow's logs: the timeline says what happened.
type quietLogger struct{}

func (quietLogger) Debug(string, ...any) {}
func (quietLogger) Info(string, ...any)  {}
func (quietLogger) Warn(string, ...any)  {}
func (quietLogger) Error(string, ...any) {}
