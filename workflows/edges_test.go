package workflows_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/interceptor"
	sdktest "go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/testsuite"
)

// Issue 23's probes of the case itself (docs/contract.md, "Who did what"):
// what a path around our API could send a case.

// signalAt sends milestones at an offset of the case.
func signalAt(env *sdktest.TestWorkflowEnvironment, after time.Duration, ms ...contract.Milestone) {
	env.RegisterDelayedCallback(func() {
		for _, m := range ms {
			env.SignalWorkflow(contract.SignalMilestone, m)
		}
	}, after)
}

func alertsOf(o contract.Outcome, kind contract.AlertKind) int {
	n := 0
	for _, a := range o.OpsAlerts {
		if a.Kind == kind {
			n++
		}
	}
	return n
}

func stepsNamed(o contract.Outcome, step string) int {
	n := 0
	for _, e := range o.Timeline {
		if e.Step == step {
			n++
		}
	}
	return n
}

// The lessor's assistance holds assignment leaseco-assistance-1 and tows the
// vehicle (p03); evil-tow says it repaired it.
func TestAProviderCannotMoveAnothersAssignment(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", nil)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		signalAt(env, 20*time.Minute, contract.Milestone{EventID: "evil-1", AssignmentID: "leaseco-assistance-1",
			Provider: "evil-tow", Kind: contract.MilestoneRepaired})
	})
	require.NoError(t, p.Err)
	o := p.Outcome
	assert.Equal(t, []contract.Service{contract.ServiceTow}, o.Services, "not closed as repaired: towed, as the lessor's assistance said")
	assert.Equal(t, contract.MissionReorganised, o.Mission)
	assert.Equal(t, "lessor_site", o.TowDestination)
	assert.NotContains(t, o.ClientNotified, contract.NoticeRepaired)
	refused := findStep(o, "milestone_refused")
	assert.Contains(t, refused.Reason, "evil-tow reports repaired about assignment leaseco-assistance-1, which is leaseco-assistance's: refused",
		"the trace names both providers")
}

// evil-tow sends first, under its own name, the event ids the lessor's
// assistance will use for its on_site and towed (p03: leaseco-assistance-1-e1,
// -e2): the real events are still taken, on time.
func TestAProviderCannotSilenceAnother(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", nil)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		signalAt(env, 5*time.Minute,
			contract.Milestone{EventID: "leaseco-assistance-1-e1", AssignmentID: "leaseco-assistance-1", Provider: "evil-tow", Kind: contract.MilestoneOnSite},
			contract.Milestone{EventID: "leaseco-assistance-1-e2", AssignmentID: "evil-1", Provider: "evil-tow", Kind: contract.MilestoneTowed, Destination: "scrapyard"})
	})
	require.NoError(t, p.Err)
	o := p.Outcome
	assert.NotContains(t, steps(o), "already received", "the lessor's events are its own")
	assert.False(t, o.EtaBreached, "on site on time: no ETA breach")
	assert.NotContains(t, o.ClientNotified, contract.NoticeDelay)
	assert.Contains(t, o.ClientNotified, contract.NoticeOnSite)
	assert.Contains(t, o.ClientNotified, contract.NoticeTowed)
	assert.Equal(t, "lessor_site", o.TowDestination)
	assert.Zero(t, alertsOf(o, contract.AlertEtaBreached))
	assert.Len(t, p.Providers.Orders().Accepted, 1, "no alternative was sent")
}

// A flood reaches the case on a path around our API: 60 valid events of
// evil-tow about the lessor's assignment, 10 events of 1 MB each, and the
// history growing past 5 MiB. The case takes 16 of the valid ones (and
// refuses them where they are taken), refuses the rest, alerts ops once of
// each, keeps its trace short, and ends as the lessor's assistance says.
func TestAFloodOfLargeEventsLeavesTheCaseAliveAndOpsAlerted(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", nil)
	note := strings.Repeat("x", contract.MaxNote)
	huge := strings.Repeat("y", 1<<20)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		var flood []contract.Milestone
		for i := range 60 {
			flood = append(flood, contract.Milestone{EventID: fmt.Sprintf("flood-%d", i), AssignmentID: "leaseco-assistance-1",
				Provider: "evil-tow", Kind: contract.MilestoneEnRoute, Note: note})
		}
		for i := range 10 {
			flood = append(flood, contract.Milestone{EventID: fmt.Sprintf("huge-%d", i), AssignmentID: "leaseco-assistance-1",
				Provider: "leaseco-assistance", Kind: contract.MilestoneEnRoute, Note: huge})
		}
		signalAt(env, 10*time.Minute, flood...)
		// What the server reports of the history once the flood is in it.
		env.RegisterDelayedCallback(func() { env.SetCurrentHistorySize(11 << 20) }, 11*time.Minute)
		signalAt(env, 12*time.Minute, contract.Milestone{EventID: "late", AssignmentID: "evil-2", Provider: "evil-tow", Kind: contract.MilestoneEnRoute})
	})
	require.NoError(t, p.Err, "the case lives")
	o := p.Outcome
	assert.Equal(t, []contract.Service{contract.ServiceTow}, o.Services)
	assert.Equal(t, contract.MissionReorganised, o.Mission, "the case ends as the lessor's assistance says")
	assert.Equal(t, 1, alertsOf(o, contract.AlertMilestoneFlood), "ops are alerted of the flood, once")
	assert.Equal(t, 1, alertsOf(o, contract.AlertHistoryLarge), "ops are alerted of the history's size, once")
	assert.Equal(t, 1, stepsNamed(o, "milestones_untraced"))
	assert.Less(t, len(o.Timeline), 120, "the trace stays short")
	for _, e := range o.Timeline {
		assert.Less(t, len(e.Reason), 1000, "no trace quotes a flood's text at length: %.80s", e.Reason)
	}
	sent := 0
	for _, a := range p.Recorder.Alerts {
		if (a.Kind == contract.AlertMilestoneFlood || a.Kind == contract.AlertHistoryLarge) && a.Reminder == 0 {
			sent++
		}
	}
	assert.Equal(t, 2, sent, "each alert is sent to ops once (then reminded while the case waits for ops)")
	assert.Contains(t, steps(o), "ops_reminded", "both need a person: the case waited for ops before it closed")
}

// A provider past its bound on its own assignment: its next events are
// refused, ops alerted, and the case waits for ops before it closes.
func TestAProviderPastItsBoundIsRefused(t *testing.T) {
	s := variant(t, "p03_lease_return_lessor_tows.json", nil)
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		var flood []contract.Milestone
		for i := range contract.MaxEventsPerAssignment {
			flood = append(flood, contract.Milestone{EventID: fmt.Sprintf("own-%d", i), AssignmentID: "leaseco-assistance-1",
				Provider: "leaseco-assistance", Kind: contract.MilestoneEnRoute})
		}
		signalAt(env, 10*time.Minute, flood...)
	})
	require.NoError(t, p.Err, "the case lives")
	o := p.Outcome
	assert.Equal(t, 1, alertsOf(o, contract.AlertMilestoneFlood))
	assert.NotContains(t, o.ClientNotified, contract.NoticeTowed, "its 17th event, the tow, was refused")
	assert.Equal(t, 1, alertsOf(o, contract.AlertProviderSilent), "the case followed it to the end of its window")
}

// frontend plays our cluster's frontend in the test environment (which sends
// no header): it puts the principal of its choice in each Update's header,
// as system/access does for the authenticated caller.
type frontend struct {
	interceptor.WorkerInterceptorBase
	as func(update string, args []any) (contract.Principal, bool)
}

func (f *frontend) InterceptWorkflow(_ workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	return &frontendInbound{WorkflowInboundInterceptorBase: interceptor.WorkflowInboundInterceptorBase{Next: next}, as: f.as}
}

type frontendInbound struct {
	interceptor.WorkflowInboundInterceptorBase
	as func(update string, args []any) (contract.Principal, bool)
}

func (f *frontendInbound) stamp(ctx workflow.Context, in *interceptor.UpdateInput) {
	p, ok := f.as(in.Name, in.Args)
	header := interceptor.WorkflowHeader(ctx)
	if !ok || header == nil {
		return
	}
	payload, err := p.Payload()
	if err != nil {
		panic(err)
	}
	header[contract.HeaderPrincipal] = payload
}

func (f *frontendInbound) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	f.stamp(ctx, in)
	return f.Next.ValidateUpdate(ctx, in)
}

func (f *frontendInbound) ExecuteUpdate(ctx workflow.Context, in *interceptor.UpdateInput) (any, error) {
	f.stamp(ctx, in)
	return f.Next.ExecuteUpdate(ctx, in)
}

// behind runs a case behind the frontend: every Update is stamped by as.
func behind(as func(update string, args []any) (contract.Principal, bool)) func(env *sdktest.TestWorkflowEnvironment) {
	return func(env *sdktest.TestWorkflowEnvironment) {
		env.SetWorkerOptions(worker.Options{Interceptors: []interceptor.WorkerInterceptor{&frontend{as: as}}})
	}
}

var marie = contract.Principal{Role: contract.RoleOps, Subject: "marie"}

// p06: the client is asked to approve; ops qualify (as marie) and relay the
// client's decision at 20 min. Before that, marie sends a decision claiming
// to come from the approval page: refused.
func TestOpsCannotDecideAsTheApprovalPage(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", nil)
	var forged *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		behind(func(string, []any) (contract.Principal, bool) { return marie, true })(env)
		forged = updateAt(env, 10*time.Minute, contract.UpdateDecide, contract.DecideRequest{Choose: "tow", By: contract.ByApprovalPage})
	})
	require.NoError(t, p.Err)
	require.True(t, forged.done)
	require.Error(t, forged.refused)
	assert.Contains(t, forged.refused.Error(), `by: "client:approval_page" is reserved for the client's approval page; ops:marie cannot send it`)
	o := p.Outcome
	assert.Equal(t, contract.Approved("tow"), o.Approval, "the decision ops relayed at 20 min")
	assert.Equal(t, "2026-03-10T08:35:00Z", findStep(o, "decision_received").At)
	assert.Equal(t, `ops:marie (for scenario): approved:tow`, findStep(o, "decision_received").Reason, "traced as ops, never as the page")
	assert.Contains(t, findStep(o, "qualify_received").Reason, `ops:marie (typed "scenario") qualifies the breakdown`,
		"the trace names the authenticated identity of whoever qualified the case")
}

// p06 again, the decision coming from our API: a by other than the page's is
// refused; the page's decision is traced as the client's, on the page.
func TestTheApprovalPagesDecisionIsTheClients(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", nil)
	var page *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		behind(func(update string, _ []any) (contract.Principal, bool) {
			if update == contract.UpdateDecide {
				return contract.Principal{Role: contract.RoleAPI, Subject: "webhook-api"}, true
			}
			return marie, true
		})(env)
		page = updateAt(env, 25*time.Minute, contract.UpdateDecide, contract.DecideRequest{Choose: "tow", By: contract.ByApprovalPage})
	})
	require.NoError(t, p.Err)
	require.Len(t, p.Refused, 1, "the scenario's decision, sent by our API under another name, is refused")
	assert.Contains(t, p.Refused[0], `by: a decision from our API must come from the approval page`)
	require.NoError(t, page.refused)
	assert.Equal(t, "the client, on the approval page: approved:tow", findStep(p.Outcome, "decision_received").Reason)
	assert.Equal(t, contract.Approved("tow"), p.Outcome.Approval)
}

// Without our frontend (the loopback default, the test environment), the
// trace says the sender is unauthenticated, beside what it typed.
func TestWithoutAuthenticationTheTraceSaysSo(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", nil)
	p := testsuite.Play(s)
	require.NoError(t, p.Err)
	assert.Equal(t, "scenario (unauthenticated): approved:tow", findStep(p.Outcome, "decision_received").Reason)
	assert.Contains(t, findStep(p.Outcome, "qualify_received").Reason, `unauthenticated (typed "scenario")`)
}

// choose_service's by is a name: no line break, at most 64 characters.
func TestAChoiceByIsAName(t *testing.T) {
	s := variant(t, "coverage/c05_far_from_home_onward_travel.json", func(m map[string]any) {
		m["beneficiary"] = map[string]any{"choose": []any{"replacement_vehicle"}}
	})
	var forged, long *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, p *testsuite.Played) {
		on := p.Recorder.OnOffer
		p.Recorder.OnOffer = func(o activities.ServiceOffer) {
			forged = updateAt(env, 0, contract.UpdateChooseService, contract.ServiceChoice{Service: contract.ServiceHotel, By: "V-12\nops: approved"})
			long = updateAt(env, 0, contract.UpdateChooseService, contract.ServiceChoice{Service: contract.ServiceHotel, By: strings.Repeat("v", 65)})
			on(o)
		}
	})
	require.NoError(t, p.Err)
	require.Error(t, forged.refused)
	assert.Contains(t, forged.refused.Error(), "by: must not hold control characters or line breaks")
	require.Error(t, long.refused)
	assert.Contains(t, long.refused.Error(), "by: must be at most 64 characters, got 65")
	assert.Contains(t, p.Outcome.Services, contract.ServiceReplacementVehicle)
	assert.NotContains(t, p.Outcome.Services, contract.ServiceHotel)
}

// signer hands out recognisable links.
type signer struct{}

func (signer) CaseLinks(caseID string) (contract.CaseLinks, error) {
	return contract.CaseLinks{Tracking: "https://pages.test/track/" + caseID, Approval: "https://pages.test/approve/" + caseID,
		Report: "https://pages.test/report/" + caseID}, nil
}

func (signer) PositionURL(caseID string) (string, error) {
	return "https://pages.test/position/" + caseID, nil
}

// While the client is asked to approve (p06, from 8:18 to 8:35), the outcome
// the Query answers (the Web UI's, the lists', ops') has the tracking link,
// never the approval link.
func TestTheQueryNeverShowsTheApprovalLink(t *testing.T) {
	s := variant(t, "p06_no_assistance_client_approves.json", nil)
	var pending contract.Outcome
	var queried error
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, p *testsuite.Played) {
		p.Activities.Links = signer{}
		env.RegisterDelayedCallback(func() {
			v, err := env.QueryWorkflow(contract.QueryOutcome)
			if queried = err; err == nil {
				queried = v.Get(&pending)
			}
		}, 15*time.Minute)
	})
	require.NoError(t, p.Err)
	require.NoError(t, queried)
	require.Equal(t, contract.ApprovalPending, pending.Approval)
	assert.Contains(t, pending.TrackingURL, "https://pages.test/track/")
	for _, o := range []contract.Outcome{pending, p.Outcome} {
		data, err := json.Marshal(o)
		require.NoError(t, err)
		assert.NotContains(t, string(data), "/approve/")
		assert.NotContains(t, string(data), "approval_url")
	}
	approvals := 0
	for _, n := range p.Recorder.Notices {
		if n.Kind == contract.NoticeApprovalRequested {
			approvals++
			assert.Contains(t, n.ApprovalURL, "https://pages.test/approve/", "the approval notice carries the approval link")
		}
	}
	assert.Equal(t, 1, approvals)
}
