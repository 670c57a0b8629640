package workflows_test

import (
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// variant loads a public scenario and lets the test change it.
func variant(t *testing.T, file string, change func(m map[string]any)) *scenario.Scenario {
	t.Helper()
	s, err := scenarios.Named(file)
	require.NoError(t, err)
	s, err = s.Clone("", change)
	require.NoError(t, err)
	return s
}

func provider(m map[string]any, name string) map[string]any {
	ps := m["providers"].(map[string]any)
	if ps[name] == nil {
		ps[name] = map[string]any{}
	}
	return ps[name].(map[string]any)
}

func steps(o contract.Outcome) string {
	var b strings.Builder
	for _, e := range o.Timeline {
		b.WriteString(e.Step + ": " + e.Reason + "\n")
	}
	return b.String()
}

// update sends an Update at an offset and keeps its refusal or result.
type sent struct {
	refused error
	result  any
	done    bool
}

func updateAt(env *sdktest.TestWorkflowEnvironment, after time.Duration, name string, arg any) *sent {
	s := &sent{}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(name, "", &sdktest.TestUpdateCallback{
			OnReject:   func(err error) { s.refused, s.done = err, true },
			OnAccept:   func() {},
			OnComplete: func(r any, err error) { s.result, s.done = r, true },
		}, arg)
	}, after)
	return s
}

func TestWithoutOpsTheRulesQualifyAfterTheWindow(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", func(m map[string]any) { delete(m, "ops") })
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	o := p.Outcome
	assert.Equal(t, contract.QualifiedByRules, o.QualifiedBy)
	assert.Equal(t, contract.OriginMechanical, o.Origin)
	assert.Equal(t, contract.HandlerManufacturer, o.Handler)
	assert.Contains(t, steps(o), "no answer from ops within 10m0s: the rules' proposal stands")
	qualified := findStep(o, "qualified")
	assert.Equal(t, "2026-03-10T08:25:00Z", qualified.At, "qualified when the 10 minute window closed")
}

func findStep(o contract.Outcome, step string) contract.TimelineEntry {
	for _, e := range o.Timeline {
		if e.Step == step {
			return e
		}
	}
	return contract.TimelineEntry{}
}

func TestRulesTakeWrongFuelAsTheValetsError(t *testing.T) {
	s := variant(t, "p01_valet_wrong_fuel.json", func(m map[string]any) { delete(m, "ops") })
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.Equal(t, contract.OriginValetError, p.Outcome.Origin)
	assert.Equal(t, contract.MissionStopped, p.Outcome.Mission)
	assert.Equal(t, contract.LiabilityValet, p.Outcome.Liability)
	// The mission is stopped at once, before the assistance ends.
	decided := findStep(p.Outcome, "mission_decided")
	towed := findStep(p.Outcome, "milestone")
	assert.Less(t, decided.At, towed.At)
}

func TestClientCancelCancelsTheOpenAssignment(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	var cancel *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		cancel = updateAt(env, 20*time.Minute, contract.UpdateCancel, contract.CancelRequest{
			By:     "client",
			Reason: "mission cancelled by the client",
		})
	})
	require.NoError(t, p.Err)
	require.True(t, cancel.done)
	require.NoError(t, cancel.refused)
	cancels := p.Providers.Orders().Cancels
	require.Len(t, cancels, 1, "the open assignment is cancelled at the provider")
	assert.Equal(t, "byd-assistance", cancels[0].Provider)
	assert.Equal(t, "byd-assistance-1", cancels[0].AssignmentID)
	assert.True(t, p.Outcome.Cancelled)
	assert.Equal(t, contract.MissionStopped, p.Outcome.Mission)
	assert.Empty(t, p.Outcome.Services, "the tow scripted after the cancellation never happens")
	assert.Contains(t, p.Outcome.ClientNotified, contract.NoticeCaseClosed)
	assert.Equal(t, contract.StageClosed, cancel.result.(contract.Outcome).Stage, "cancel answers with the closed case")
}

func TestOpsCancellationCompensatesWhileTheWorkflowIsCancelled(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		env.RegisterDelayedCallback(env.CancelWorkflow, 30*time.Minute)
	})
	var canceled *temporal.CanceledError
	require.ErrorAs(t, p.Err, &canceled)
	cancels := p.Providers.Orders().Cancels
	require.Len(t, cancels, 1)
	assert.Equal(t, "byd-assistance-1", cancels[0].AssignmentID)
	var decisions []contract.MissionStatus
	for _, u := range p.Recorder.Missions {
		decisions = append(decisions, u.Mission)
	}
	assert.Equal(t, []contract.MissionStatus{contract.MissionStopped}, decisions)
}

func TestCancelBeforeAnyDispatchOrdersNothingToCancel(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		updateAt(env, time.Minute, contract.UpdateCancel, contract.CancelRequest{By: "ops", Reason: "duplicate case"})
	})
	require.NoError(t, p.Err)
	got := p.Providers.Orders()
	orders, cancels := got.Accepted, got.Cancels
	assert.Empty(t, orders)
	assert.Empty(t, cancels)
	assert.True(t, p.Outcome.Cancelled)
}

func TestUnreachableAssistanceFallsBackToThePartner(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", func(m map[string]any) {
		provider(m, "leaseco-assistance")["dispatch"] = []any{"unreachable"}
		provider(m, "res-assistance")["dispatch"] = []any{"accept eta=30m"}
		provider(m, "res-assistance")["events"] = []any{"towed +60m to=lessor_site"}
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.True(t, p.Outcome.Fallback)
	assert.Equal(t, contract.HandlerOperatorPartner, p.Outcome.Handler)
	assert.Contains(t, p.Outcome.ClientNotified, contract.NoticeAssistanceUnavailable)
	assert.Contains(t, steps(p.Outcome), "could not be reached after retries")
	assert.Equal(t, contract.MissionReorganised, p.Outcome.Mission)
}

func TestRejectingAssistanceFallsBackAtOnce(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", func(m map[string]any) {
		provider(m, "leaseco-assistance")["dispatch"] = []any{"reject reason=no_truck"}
		provider(m, "res-assistance")["dispatch"] = []any{"accept eta=30m"}
		provider(m, "res-assistance")["events"] = []any{"repaired +60m"}
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.True(t, p.Outcome.Fallback)
	assert.Contains(t, steps(p.Outcome), "rejected the case: no_truck")
	dispatched := findStep(p.Outcome, "dispatched")
	assert.Equal(t, "2026-03-10T08:18:00Z", dispatched.At, "no waiting after a refusal")
}

func TestSaturationWindowBoundsTheRetries(t *testing.T) {
	s := variant(t, "p08_lessor_saturated_fallback.json", nil)
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	saturated := findStep(p.Outcome, "provider_saturated")
	at, err := time.Parse(time.RFC3339, saturated.At)
	require.NoError(t, err)
	started := time.Date(2026, 3, 10, 8, 18, 0, 0, time.UTC)
	assert.LessOrEqual(t, at.Sub(started), 30*time.Minute)
	assert.GreaterOrEqual(t, at.Sub(started), 20*time.Minute, "asked again for most of the window")
	assert.Contains(t, p.Outcome.ClientNotified, contract.NoticeAssistanceUnavailable)
}

func TestBusyProviderIsAskedNoSoonerThanItsRetryAfter(t *testing.T) {
	s := variant(t, "p09_busy_then_accepts.json", func(m map[string]any) {
		provider(m, "byd-assistance")["dispatch"] = []any{"busy retry=7m", "accept eta=30m"}
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.False(t, p.Outcome.Fallback)
	assert.Equal(t, "2026-03-10T08:25:00Z", findStep(p.Outcome, "dispatched").At)
}

func TestPartnerItselfUnavailableLeavesOpsAlertedAndMissionSuspended(t *testing.T) {
	s := variant(t, "p02_operator_puncture_repaired.json", func(m map[string]any) {
		provider(m, "res-assistance")["dispatch"] = []any{"unreachable"}
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.Equal(t, contract.MissionSuspended, p.Outcome.Mission)
	assert.NotEmpty(t, p.Recorder.Alerts)
	assert.Empty(t, p.Outcome.Services)
}

func TestClientDeclinesPaidOptions(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", func(m map[string]any) {
		m["client"] = map[string]any{"decide": map[string]any{"after": "20m", "decline": true}}
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	orders := p.Providers.Orders().Accepted
	assert.Empty(t, orders, "a declined approval orders nothing")
	assert.Equal(t, contract.ApprovalDeclined, p.Outcome.Approval)
	assert.Equal(t, contract.MissionStopped, p.Outcome.Mission)
}

func TestSilentClientIsRemindedUntilTheDeadline(t *testing.T) {
	s := variant(t, "p07_no_assistance_client_silent.json", nil)
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	reminders := 0
	for _, n := range p.Outcome.ClientNotified {
		if n == contract.NoticeApprovalReminder {
			reminders++
		}
	}
	assert.Equal(t, 3, reminders, "reminded at 30, 60 and 90 minutes of a 2 hour deadline")
	assert.Equal(t, "2026-03-10T10:18:00Z", findStep(p.Outcome, "approval_expired").At)
	assert.NotEmpty(t, p.Recorder.Alerts, "ops are alerted")
}

func TestOpsOverrideTheProposedDecision(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	var override *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		// towed at 3m + 95m; the decision window is 5 minutes after that
		override = updateAt(env, 100*time.Minute, contract.UpdateOverrideDecision,
			contract.OverrideRequest{Mission: contract.MissionSuspended, Reason: "client asked to wait for the repair", Operator: "alice"})
	})
	require.NoError(t, p.Err)
	require.NoError(t, override.refused)
	assert.Equal(t, contract.MissionSuspended, p.Outcome.Mission)
	assert.Equal(t, "client asked to wait for the repair", p.Outcome.MissionReason)
	require.Len(t, p.Recorder.Missions, 1)
	assert.Equal(t, contract.MissionSuspended, p.Recorder.Missions[0].Mission)
}

func TestValidatorsRefuseBadUpdatesWithTheFieldAndReason(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", nil)
	var badOrigin, early, notOffered, second, lateQualify, badCancel, badOverride, otherMission *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		badOrigin = updateAt(env, time.Minute, contract.UpdateQualify, contract.QualifyRequest{Origin: "weather", Nature: "engine"})
		early = updateAt(env, 2*time.Minute, contract.UpdateDecide, contract.DecideRequest{Choose: "tow"})
		notOffered = updateAt(env, 10*time.Minute, contract.UpdateDecide, contract.DecideRequest{Choose: "helicopter"})
		second = updateAt(env, 21*time.Minute, contract.UpdateDecide, contract.DecideRequest{Choose: "on_site_repair"})
		lateQualify = updateAt(env, 22*time.Minute, contract.UpdateQualify, contract.QualifyRequest{Origin: "mechanical", Nature: "gremlins"})
		badCancel = updateAt(env, 23*time.Minute, contract.UpdateCancel, contract.CancelRequest{By: "valet", Reason: "x"})
		badOverride = updateAt(env, 24*time.Minute, contract.UpdateOverrideDecision, contract.OverrideRequest{Mission: "abandoned"})
		other := s.Report
		other.MissionID = "M-9999"
		otherMission = updateAt(env, 25*time.Minute, contract.UpdateReport, other)
	})
	require.NoError(t, p.Err)
	for name, u := range map[string]*sent{"badOrigin": badOrigin, "early": early, "notOffered": notOffered, "second": second,
		"lateQualify": lateQualify, "badCancel": badCancel, "badOverride": badOverride, "otherMission": otherMission} {
		require.True(t, u.done, name)
		require.Error(t, u.refused, name)
	}
	assert.Contains(t, badOrigin.refused.Error(), `origin: unknown origin "weather"`)
	assert.Contains(t, early.refused.Error(), "no paid option is waiting")
	assert.Contains(t, notOffered.refused.Error(), `choose: "helicopter" was not offered`)
	assert.Contains(t, second.refused.Error(), "already taken")
	assert.Contains(t, lateQualify.refused.Error(), `nature: unknown nature "gremlins"`)
	assert.Contains(t, badCancel.refused.Error(), "by: must be client or ops")
	assert.Contains(t, badOverride.refused.Error(), "mission: unknown decision")
	assert.Contains(t, badOverride.refused.Error(), "reason: is required")
	assert.Contains(t, otherMission.refused.Error(), "mission_id: this case is mission M-1006")
	// The refused updates changed nothing: the scripted decision went through.
	assert.Equal(t, "approved:tow", p.Outcome.Approval)
	assert.Equal(t, contract.MissionReorganised, p.Outcome.Mission)
}

func TestRepeatedReportReachesTheSameCase(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	var first, again *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		first = updateAt(env, time.Second, contract.UpdateReport, s.Report)
		again = updateAt(env, time.Minute, contract.UpdateReport, s.Report)
	})
	require.NoError(t, p.Err)
	require.NoError(t, first.refused)
	require.NoError(t, again.refused)
	assert.False(t, first.result.(contract.ReportReceipt).Duplicate)
	assert.True(t, again.result.(contract.ReportReceipt).Duplicate)
	assert.Equal(t, first.result.(contract.ReportReceipt).CaseID, again.result.(contract.ReportReceipt).CaseID)
	assert.Contains(t, steps(p.Outcome), "arrived again")
}

func TestRepeatedMilestoneIsHarmless(t *testing.T) {
	s := variant(t, "p02_operator_puncture_repaired.json", nil)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		// the provider sends its en_route event twice (e.g. a webhook retried)
		env.RegisterDelayedCallback(func() {
			env.SignalWorkflow(contract.SignalMilestone, contract.Milestone{EventID: "res-assistance-1-e1",
				AssignmentID: "res-assistance-1", Provider: "res-assistance", Kind: contract.MilestoneEnRoute})
		}, 10*time.Minute)
	})
	require.NoError(t, p.Err)
	enRoute := 0
	for _, n := range p.Outcome.ClientNotified {
		if n == contract.NoticeEnRoute {
			enRoute++
		}
	}
	assert.Equal(t, 1, enRoute)
	assert.Contains(t, steps(p.Outcome), "already received: ignored")
}

func TestInvalidReportStartsNothing(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	lat := 123.0
	s.Report.Location.Lat = &lat
	p := testsuite.Play(s)
	require.Error(t, p.Err)
	assert.Contains(t, p.Err.Error(), "location.lat: latitude must be between -90 and 90")
	orders := p.Providers.Orders().Accepted
	assert.Empty(t, orders)
	assert.Empty(t, p.Recorder.Notices)
}

func TestOnlyOneAdditionalServiceMayBeChosen(t *testing.T) {
	s := variant(t, "coverage/c05_far_from_home_onward_travel.json", func(m map[string]any) {
		m["beneficiary"] = map[string]any{"choose": []any{"replacement_vehicle", "hotel"}}
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.ElementsMatch(t, []contract.Service{contract.ServiceTow, contract.ServiceReplacementVehicle}, p.Outcome.Services)
	require.Len(t, p.Refused, 1, "the second choice is refused")
	assert.Contains(t, p.Refused[0], "service:")
	services := p.Providers.Orders().Services
	require.Len(t, services, 1)
	assert.Equal(t, "2026-03-13", services[0].Until, "the replacement vehicle is ordered with its last day")
	assert.Equal(t, "2026-03-13", p.Outcome.ReplacementVehicleUntil)
}

func TestRepatriationIsOrderedAbroadWhenTheRepairTakesLong(t *testing.T) {
	s := variant(t, "coverage/c05_far_from_home_onward_travel.json", func(m map[string]any) {
		loc := m["report"].(map[string]any)["location"].(map[string]any)
		loc["country"], loc["lat"], loc["lon"] = "DE", 48.1351, 11.582
	})
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.Equal(t, "covered", p.Outcome.Coverage)
	assert.Contains(t, p.Outcome.Services, contract.ServiceRepatriation)
	assert.Contains(t, p.Outcome.Services, contract.ServiceOnwardTravel)
}

func TestNoChoiceWithoutAnOffer(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	var choice *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		choice = updateAt(env, time.Hour, contract.UpdateChooseService, contract.ServiceChoice{Service: contract.ServiceHotel})
	})
	require.NoError(t, p.Err)
	require.Error(t, choice.refused)
	assert.Contains(t, choice.refused.Error(), "no additional service is on offer")
	assert.NotContains(t, p.Outcome.Services, contract.ServiceHotel)
}

func TestHVBatteryIsTowedToAChargingPoint(t *testing.T) {
	s := variant(t, "coverage/c01_hv_battery_limited.json", nil)
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	orders := p.Providers.Orders().Accepted
	require.Len(t, orders, 1)
	assert.Equal(t, "charging_point", orders[0].TowTo, "the dispatch order says where the program sends the tow")
}

func TestCancelDuringTheChoiceWindowCancelsTheServicesOrdered(t *testing.T) {
	// Towed abroad, repair in 5 days: repatriation is ordered at once, then the
	// beneficiary is offered services and says nothing; the client cancels.
	s := variant(t, "coverage/c05_far_from_home_onward_travel.json", func(m map[string]any) {
		loc := m["report"].(map[string]any)["location"].(map[string]any)
		loc["country"], loc["lat"], loc["lon"] = "DE", 48.1351, 11.582
		delete(m, "beneficiary")
	})
	var cancel *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		cancel = updateAt(env, 3*time.Hour, contract.UpdateCancel, contract.CancelRequest{
			By:     "client",
			Reason: "mission cancelled by the client",
		})
	})
	require.NoError(t, p.Err)
	require.True(t, cancel.done)
	require.NoError(t, cancel.refused)
	require.Len(t, p.Recorder.Offers, 1, "the beneficiary was offered services")
	assert.NotContains(t, steps(p.Outcome), "choice_window_closed", "cancelled during the choice window")

	got := p.Providers.Orders()
	require.Len(t, got.Services, 1)
	ordered := got.Services[0]
	assert.Equal(t, contract.ServiceRepatriation, ordered.Service)
	require.Len(t, got.ServiceCancels, 1, "the service ordered is cancelled at its provider")
	c := got.ServiceCancels[0]
	assert.Equal(t, ordered.IdempotencyKey+"/cancel", c.IdempotencyKey, "the cancellation has its own idempotency key")
	assert.Equal(t, ordered.IdempotencyKey, c.OrderKey)
	assert.Equal(t, "byd-assistance", c.Provider)
	assert.Equal(t, contract.ServiceRepatriation, c.Service)
	assert.NotEmpty(t, c.Reference, "the provider's reference goes with the cancellation")
	assert.Equal(t, "case cancelled by client: mission cancelled by the client", c.Reason)
	assert.Empty(t, got.Cancels, "the tow was over: no assignment is left to cancel")
	assert.True(t, p.Outcome.Cancelled)
	assert.Contains(t, steps(p.Outcome), "service_cancelled: repatriation (ref "+c.Reference+") at byd-assistance cancelled")
	assert.Zero(t, got.Repeats)
}
