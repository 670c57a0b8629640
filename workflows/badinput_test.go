package workflows_test

import (
	"encoding/json"
	"sort"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite"
	"github.com/valetops/assistance/workflows"
)

// These tests send Updates a case must refuse: payloads of the wrong type or
// with unknown values, from the wrong party or at the wrong moment, and
// Updates that arrive twice. Each refusal must name the field (when there is
// one) and the reason, and leave the case as it was: the outcome Query right
// before the Update and right after its refusal are the same, and the finished
// case is the one the scenario expects, equal to the same scenario played
// without the refused Updates. TestValidatorsRefuseBadUpdatesWithTheFieldAndReason
// (case_test.go) checks some of the messages; here each one also checks the case.

// badUpdate is an Update the case must refuse.
type badUpdate struct {
	at     time.Duration // after the report
	update string
	arg    any
	// stage is where the case must stand when the Update arrives.
	stage contract.Stage
	// want are fragments of the refusal: the field and the reason.
	want []string
}

// probe is what became of a badUpdate.
type probe struct {
	badUpdate
	name                 string
	done, accepted       bool
	refused              error
	before, after        contract.Outcome
	beforeErr, afterErr  error
	acceptedResult       any
	acceptedCompletedErr error
}

// outcomeOf reads the outcome Query.
func outcomeOf(env *sdktest.TestWorkflowEnvironment) (contract.Outcome, error) {
	v, err := env.QueryWorkflow(contract.QueryOutcome)
	if err != nil {
		return contract.Outcome{}, err
	}
	var o contract.Outcome
	return o, v.Get(&o)
}

// sendBad schedules u, reading the outcome right before it is sent and right
// after it is refused (in the rejection callback, before anything else runs).
func sendBad(env *sdktest.TestWorkflowEnvironment, name string, u badUpdate) *probe {
	p := &probe{badUpdate: u, name: name}
	env.RegisterDelayedCallback(func() {
		p.before, p.beforeErr = outcomeOf(env)
		env.UpdateWorkflow(u.update, "", &sdktest.TestUpdateCallback{
			OnReject: func(err error) {
				p.refused, p.done = err, true
				p.after, p.afterErr = outcomeOf(env)
			},
			OnAccept: func() { p.accepted = true },
			OnComplete: func(r any, err error) {
				p.acceptedResult, p.acceptedCompletedErr, p.done = r, err, true
			},
		}, u.arg)
	}, u.at)
	return p
}

// sendPair sends two Updates of the same name together at pr.at: first, which
// the case accepts, then pr's. The outcome is read once the first is under way
// (its handler started, its effects in flight) and again when pr's is refused.
func sendPair(env *sdktest.TestWorkflowEnvironment, first any, pr *probe) *sent {
	firstSent := &sent{}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(pr.update, "", &sdktest.TestUpdateCallback{
			OnReject:   func(err error) { firstSent.refused, firstSent.done = err, true },
			OnAccept:   func() {},
			OnComplete: func(r any, err error) { firstSent.result, firstSent.done = r, true },
		}, first)
		// Callbacks run in the order they are posted: this one after the first
		// Update, before the second.
		env.RegisterDelayedCallback(func() { pr.before, pr.beforeErr = outcomeOf(env) }, 0)
		env.UpdateWorkflow(pr.update, "", &sdktest.TestUpdateCallback{
			OnReject: func(err error) {
				pr.refused, pr.done = err, true
				pr.after, pr.afterErr = outcomeOf(env)
			},
			OnAccept: func() { pr.accepted = true },
			OnComplete: func(r any, err error) {
				pr.acceptedResult, pr.acceptedCompletedErr, pr.done = r, err, true
			},
		}, pr.arg)
	}, pr.at)
	return firstSent
}

// checkRefused checks that p was refused with its field and reason, and that
// the case did not change.
func checkRefused(t *testing.T, p *probe) {
	t.Helper()
	t.Run(p.name, func(t *testing.T) {
		require.True(t, p.done, "the Update was never answered")
		require.False(t, p.accepted, "accepted: %v %v", p.acceptedResult, p.acceptedCompletedErr)
		require.Error(t, p.refused)
		for _, w := range p.want {
			assert.Contains(t, p.refused.Error(), w)
		}
		require.NoError(t, p.beforeErr)
		require.NoError(t, p.afterErr)
		assert.Equal(t, p.stage, p.before.Stage, "the case was not where the test expects it")
		assert.Equal(t, p.before.Stage, p.after.Stage, "the stage changed")
		assert.Len(t, p.after.Timeline, len(p.before.Timeline), "the timeline changed")
		assert.Equal(t, p.before.ClientNotified, p.after.ClientNotified, "the notices changed")
		assert.Equal(t, p.before, p.after, "the outcome changed")
	})
}

// playWithBad plays s with the accepted Updates of extra (nil: none) and,
// separately, with the same and the bad Updates: every bad one is refused
// without changing the case, the scenario's own Updates all go through, and
// both runs end with the same outcome, the one the scenario expects.
func playWithBad(t *testing.T, s *scenario.Scenario, extra testsuite.Setup, bad map[string]badUpdate) {
	t.Helper()
	baseline := testsuite.PlayWith(s, extra)
	require.NoError(t, baseline.Err)

	var probes []*probe
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, played *testsuite.Played) {
		if extra != nil {
			extra(env, played)
		}
		names := make([]string, 0, len(bad))
		for name := range bad {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			probes = append(probes, sendBad(env, name, bad[name]))
		}
	})
	require.NoError(t, p.Err, "timeline:\n%s", p.Timeline())
	for _, pr := range probes {
		checkRefused(t, pr)
	}
	assert.Empty(t, p.Refused, "the scenario's own Updates were refused")
	assert.Empty(t, s.Check(p.Outcome), "the case does not end as the scenario expects")
	assert.Equal(t, baseline.Outcome, p.Outcome, "the refused Updates changed the case")
	assert.Equal(t, baseline.Recorder.Notices, p.Recorder.Notices, "the client was told something else")
	got, want := p.Providers.Orders(), baseline.Providers.Orders()
	assert.Equal(t, want.Accepted, got.Accepted)
	assert.Equal(t, want.Cancels, got.Cancels)
	assert.Equal(t, want.Services, got.Services)
}

// TestBadUpdatesLeaveTheCaseUnchanged plays p06 (no assistance of its own:
// options quoted at 3m, the client approves the tow at 20m) with bad Updates
// at each stage.
func TestBadUpdatesLeaveTheCaseUnchanged(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", nil)
	invalidReport := s.Report
	invalidReport.Vehicle.Kind = "van"
	otherMission := s.Report
	otherMission.MissionID = "M-9999"
	sec := time.Second
	qualifying, awaiting, assisting := contract.StageQualifying, contract.StageAwaitingApproval, contract.StageAssisting

	playWithBad(t, s, nil, map[string]badUpdate{
		// Before the qualification (ops qualify at 3m).
		"qualify origin of the wrong type": {time.Minute, contract.UpdateQualify,
			map[string]any{"origin": 5, "nature": "engine"}, qualifying, []string{"origin", "cannot unmarshal number"}},
		"qualify drivable of the wrong type": {time.Minute + sec, contract.UpdateQualify,
			map[string]any{"origin": "mechanical", "nature": "engine", "drivable": "yes"}, qualifying, []string{"drivable", "cannot unmarshal string"}},
		"qualify with an unknown nature": {time.Minute + 2*sec, contract.UpdateQualify,
			contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: "gremlins"}, qualifying, []string{`nature: unknown nature "gremlins"`}},
		"qualify with nothing": {time.Minute + 3*sec, contract.UpdateQualify,
			map[string]any{}, qualifying, []string{`origin: unknown origin ""`, `nature: unknown nature ""`}},
		"qualify with a misspelt origin": {time.Minute + 4*sec, contract.UpdateQualify,
			map[string]any{"origine": "mechanical", "nature": "engine"}, qualifying, []string{`origin: unknown origin ""`}},
		"qualify as an array": {time.Minute + 5*sec, contract.UpdateQualify,
			[]string{"mechanical", "engine"}, qualifying, []string{"cannot unmarshal array"}},
		"decide before anything is offered": {time.Minute + 6*sec, contract.UpdateDecide,
			contract.DecideRequest{Choose: "tow"}, qualifying, []string{"no paid option is waiting for the client's approval"}},
		"choose a service when none is offered": {time.Minute + 7*sec, contract.UpdateChooseService,
			contract.ServiceChoice{Service: contract.ServiceHotel}, qualifying, []string{"no additional service is on offer"}},
		"override before the qualification": {time.Minute + 8*sec, contract.UpdateOverrideDecision,
			contract.OverrideRequest{Mission: contract.MissionStopped, Reason: "too early"}, qualifying, []string{"not qualified yet"}},
		"cancel by the valet": {time.Minute + 9*sec, contract.UpdateCancel,
			contract.CancelRequest{By: "valet", Reason: "I give up"}, qualifying, []string{`by: must be client or ops, got "valet"`}},
		"cancel by of the wrong type": {time.Minute + 10*sec, contract.UpdateCancel,
			map[string]any{"by": 1, "reason": "x"}, qualifying, []string{"by", "cannot unmarshal number"}},
		"cancel without a reason": {time.Minute + 11*sec, contract.UpdateCancel,
			map[string]any{"by": "client"}, qualifying, []string{"reason: is required"}},
		"cancel with a blank reason": {time.Minute + 12*sec, contract.UpdateCancel,
			contract.CancelRequest{By: "ops", Reason: "   "}, qualifying, []string{"reason: is required"}},
		"report with an unknown vehicle kind": {time.Minute + 13*sec, contract.UpdateReport,
			invalidReport, qualifying, []string{`vehicle.kind: unknown vehicle kind "van"`}},
		"report with a mission id of the wrong type": {time.Minute + 14*sec, contract.UpdateReport,
			map[string]any{"mission_id": 1006}, qualifying, []string{"mission_id", "must be a JSON string, not number"}},

		// Options offered, waiting for the client (it approves the tow at 20m).
		"re-qualify with an unknown nature": {4 * time.Minute, contract.UpdateQualify,
			contract.QualifyRequest{Origin: contract.OriginValetError, Nature: "gremlins"}, awaiting, []string{`nature: unknown nature "gremlins"`}},
		"decide choose of the wrong type": {4*time.Minute + sec, contract.UpdateDecide,
			map[string]any{"choose": 1}, awaiting, []string{"choose", "cannot unmarshal number"}},
		"decide decline of the wrong type": {4*time.Minute + 2*sec, contract.UpdateDecide,
			map[string]any{"decline": "yes"}, awaiting, []string{"decline", "cannot unmarshal string"}},
		"decide both choose and decline": {4*time.Minute + 3*sec, contract.UpdateDecide,
			contract.DecideRequest{Choose: "tow", Decline: true}, awaiting, []string{"choose: cannot choose an option and decline at once"}},
		"decide nothing": {4*time.Minute + 4*sec, contract.UpdateDecide,
			map[string]any{}, awaiting, []string{"choose: name one of the offered options (tow (180.00 EUR), on_site_repair (95.00 EUR)), or set decline"}},
		"decide an option not offered": {4*time.Minute + 5*sec, contract.UpdateDecide,
			contract.DecideRequest{Choose: "helicopter"}, awaiting, []string{`choose: "helicopter" was not offered`}},
		"choose a service while options wait for approval": {4*time.Minute + 6*sec, contract.UpdateChooseService,
			contract.ServiceChoice{Service: contract.ServiceTaxi}, awaiting, []string{"no additional service is on offer"}},
		"choose a service of the wrong type": {4*time.Minute + 7*sec, contract.UpdateChooseService,
			map[string]any{"service": 7}, awaiting, []string{"service", "cannot unmarshal number"}},
		"override with an unknown decision": {4*time.Minute + 8*sec, contract.UpdateOverrideDecision,
			contract.OverrideRequest{Mission: "abandoned", Reason: "x"}, awaiting, []string{`mission: unknown decision "abandoned"`}},
		"override mission of the wrong type": {4*time.Minute + 9*sec, contract.UpdateOverrideDecision,
			map[string]any{"mission": 2, "reason": "x"}, awaiting, []string{"mission", "cannot unmarshal number"}},
		"override without a reason": {4*time.Minute + 10*sec, contract.UpdateOverrideDecision,
			map[string]any{"mission": "stopped"}, awaiting, []string{"reason: is required"}},
		"report of another mission": {4*time.Minute + 11*sec, contract.UpdateReport,
			otherMission, awaiting, []string{"mission_id: this case is mission M-1006, not M-9999"}},

		// The client approved the tow at 20m.
		"decide twice": {21 * time.Minute, contract.UpdateDecide,
			contract.DecideRequest{Choose: "tow"}, assisting, []string{"the client's decision was already taken"}},
		"decide twice, declining this time": {21*time.Minute + sec, contract.UpdateDecide,
			contract.DecideRequest{Decline: true}, assisting, []string{"the client's decision was already taken"}},
		"re-qualify after the window with an unknown origin": {22 * time.Minute, contract.UpdateQualify,
			map[string]any{"origin": "gremlins", "nature": "engine"}, assisting, []string{`origin: unknown origin "gremlins"`}},
	})
}

// TestOverrideTwice: ops override the decision while the provider works (p04);
// a second override is refused and the first one stands.
func TestOverrideTwice(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	var first *sent
	override := func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		first = updateAt(env, 30*time.Minute, contract.UpdateOverrideDecision, contract.OverrideRequest{
			Mission: contract.MissionReorganised, Reason: "the vehicle goes to the brand's repairer; reorganise now", Operator: "alice"})
	}
	playWithBad(t, s, override, map[string]badUpdate{
		"override twice": {31 * time.Minute, contract.UpdateOverrideDecision,
			contract.OverrideRequest{Mission: contract.MissionSuspended, Reason: "changed my mind", Operator: "bob"},
			contract.StageAssisting, []string{"ops already overrode the decision (reorganised)"}},
		"override twice, the same": {32 * time.Minute, contract.UpdateOverrideDecision,
			contract.OverrideRequest{Mission: contract.MissionReorganised, Reason: "the vehicle goes to the brand's repairer; reorganise now"},
			contract.StageAssisting, []string{"ops already overrode the decision"}},
		"decide when nothing was ever offered": {33 * time.Minute, contract.UpdateDecide,
			contract.DecideRequest{Decline: true}, contract.StageAssisting, []string{"no paid option is waiting for the client's approval"}},
		"choose a service when none is offered": {34 * time.Minute, contract.UpdateChooseService,
			contract.ServiceChoice{Service: contract.ServiceHotel}, contract.StageAssisting, []string{"no additional service is on offer"}},
	})
	require.NotNil(t, first)
	require.NoError(t, first.refused)
}

// TestCancelTwice: a second cancel, sent while the first one is closing the
// case (its compensations in flight), is refused and changes nothing.
func TestCancelTwice(t *testing.T) {
	for _, second := range []contract.CancelRequest{
		{By: "client", Reason: "mission cancelled by the client"},
		{By: "ops", Reason: "duplicate case"},
	} {
		t.Run("then by "+second.By, func(t *testing.T) {
			s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
			first := contract.CancelRequest{By: "client", Reason: "mission cancelled by the client"}
			baseline := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
				updateAt(env, 20*time.Minute, contract.UpdateCancel, first)
			})
			require.NoError(t, baseline.Err)

			pr := &probe{name: "cancel twice", badUpdate: badUpdate{at: 20 * time.Minute, update: contract.UpdateCancel, arg: second,
				stage: contract.StageAssisting, want: []string{"the case is already being cancelled by client"}}}
			var firstSent *sent
			p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
				firstSent = sendPair(env, first, pr)
			})
			require.NoError(t, p.Err)
			require.True(t, firstSent.done)
			require.NoError(t, firstSent.refused)
			checkRefused(t, pr)
			assert.True(t, p.Outcome.Cancelled)
			assert.Equal(t, baseline.Outcome, p.Outcome, "the second cancel changed the case")
			cancels := p.Providers.Orders().Cancels
			bCancels := baseline.Providers.Orders().Cancels
			assert.Equal(t, bCancels, cancels, "the assignment is cancelled at the provider once")
			assert.Len(t, cancels, 1)
			assert.Equal(t, baseline.Recorder.Notices, p.Recorder.Notices)
		})
	}
}

// TestBadServiceChoices: c05's beneficiary is offered a replacement vehicle,
// onward travel or a hotel (one of them) after the tow at 93m; here the choice
// is sent by the test at 100m, after bad ones, and followed by a second one.
func TestBadServiceChoices(t *testing.T) {
	s := variant(t, "coverage/c05_far_from_home_onward_travel.json", func(m map[string]any) { delete(m, "beneficiary") })
	choose := func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		updateAt(env, 100*time.Minute, contract.UpdateChooseService, contract.ServiceChoice{
			Service: contract.ServiceOnwardTravel,
			By:      "V-12",
		})
	}
	waiting := contract.StageAwaitingChoice
	playWithBad(t, s, choose, map[string]badUpdate{
		"choose a service of the wrong type": {95 * time.Minute, contract.UpdateChooseService,
			map[string]any{"service": true}, waiting, []string{"service", "cannot unmarshal bool"}},
		"choose an unknown service": {95*time.Minute + time.Second, contract.UpdateChooseService,
			contract.ServiceChoice{Service: "spaceship"}, waiting, []string{"service: spaceship is not offered", "offered: replacement_vehicle, onward_travel, hotel"}},
		"choose a service not offered": {95*time.Minute + 2*time.Second, contract.UpdateChooseService,
			contract.ServiceChoice{Service: contract.ServiceRepatriation}, waiting, []string{"service: repatriation is not offered"}},
		"choose nothing": {95*time.Minute + 3*time.Second, contract.UpdateChooseService,
			map[string]any{}, waiting, []string{"service:  is not offered"}},
		"decide while a service is offered": {95*time.Minute + 4*time.Second, contract.UpdateDecide,
			contract.DecideRequest{Choose: "tow"}, waiting, []string{"no paid option is waiting"}},
		// After the choice at 100m the case decides (5 minute window).
		"choose a second service": {101 * time.Minute, contract.UpdateChooseService,
			contract.ServiceChoice{Service: contract.ServiceHotel}, contract.StageDeciding, []string{"no additional service is on offer"}},
		"choose the same service again": {101*time.Minute + time.Second, contract.UpdateChooseService,
			contract.ServiceChoice{Service: contract.ServiceOnwardTravel}, contract.StageDeciding, []string{"no additional service is on offer"}},
	})
}

// TestSecondChoiceArrivingWithTheFirst: two choices sent together while the
// first one is being ordered; the second is refused naming the service.
func TestSecondChoiceArrivingWithTheFirst(t *testing.T) {
	for _, second := range []contract.Service{contract.ServiceHotel, contract.ServiceOnwardTravel} {
		t.Run(string(second), func(t *testing.T) {
			s := variant(t, "coverage/c05_far_from_home_onward_travel.json", func(m map[string]any) { delete(m, "beneficiary") })
			first := contract.ServiceChoice{Service: contract.ServiceOnwardTravel, By: "V-12"}
			baseline := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
				updateAt(env, 100*time.Minute, contract.UpdateChooseService, first)
			})
			require.NoError(t, baseline.Err)
			want := "service: hotel cannot be combined with onward_travel"
			if second == contract.ServiceOnwardTravel {
				want = "service: onward_travel was already chosen"
			}
			pr := &probe{name: "second choice", badUpdate: badUpdate{update: contract.UpdateChooseService,
				at: 100 * time.Minute, arg: contract.ServiceChoice{Service: second}, stage: contract.StageAwaitingChoice, want: []string{want}}}
			var firstSent *sent
			p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
				firstSent = sendPair(env, first, pr)
			})
			require.NoError(t, p.Err)
			require.True(t, firstSent.done)
			require.NoError(t, firstSent.refused)
			checkRefused(t, pr)
			assert.Empty(t, s.Check(p.Outcome))
			assert.Equal(t, baseline.Outcome, p.Outcome)
			services := p.Providers.Orders().Services
			require.Len(t, services, 1)
			assert.Equal(t, contract.ServiceOnwardTravel, services[0].Service)
		})
	}
}

// TestAnInvalidStartRefusesTheReportUpdate: a client in another language
// starts a case with update-with-start and a report the strict decoder refuses;
// the report Update is refused with the field and the reason, word for word.
func TestAnInvalidStartRefusesTheReportUpdate(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	data, err := json.Marshal(s.Report)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	m["vehicle"].(map[string]any)["kind"] = "van"
	data, err = json.Marshal(m)
	require.NoError(t, err)
	_, want := contract.ParseReport(data)
	require.Error(t, want)
	require.Contains(t, want.Error(), `vehicle.kind: unknown vehicle kind "van"`)

	var suite sdktest.WorkflowTestSuite
	suite.SetLogger(quiet{})
	env := suite.NewTestWorkflowEnvironment()
	workflows.Register(env, &activities.Activities{})
	var refused error
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(contract.UpdateReport, "report-1", &sdktest.TestUpdateCallback{
			OnReject:   func(err error) { refused = err },
			OnAccept:   func() { t.Error("the report Update was accepted") },
			OnComplete: func(any, error) {},
		}, json.RawMessage(data))
	}, 0)
	env.ExecuteWorkflow(contract.WorkflowType, json.RawMessage(data))
	assertInvalidReport(t, env.GetWorkflowError(), want)
	require.Error(t, refused, "the report Update is refused")
	assert.Equal(t, want.Error(), refused.Error())
}
