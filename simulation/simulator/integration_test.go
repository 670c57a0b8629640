package simulator_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// signals records the milestones our API signals to the cases.
type signals struct {
	mu  sync.Mutex
	got map[string][]contract.Milestone // workflow id → milestones
}

func (s *signals) SignalWorkflow(_ context.Context, workflowID, _, _ string, arg any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got[workflowID] = append(s.got[workflowID], arg.(contract.Milestone))
	return nil
}

func (s *signals) of(workflowID string) []contract.Milestone {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]contract.Milestone(nil), s.got[workflowID]...)
}

// overHTTP serves sim and our webhook API over HTTP, every exchange checked
// against api/openapi.yaml (spec), the milestones the API signals recorded
// (sig), and returns our providers' client pointed at both. Cleanup stops the
// servers and sim.
func overHTTP(t *testing.T, sim *simulator.Simulator) (spec *conformance, sig *signals, client *providers.HTTPProviders) {
	t.Helper()
	spec = newConformance(t)
	sig = &signals{got: map[string][]contract.Milestone{}}
	ours := httptest.NewServer(spec.wrap(api.New(api.Config{Signaler: sig, Keys: keys, Rate: 1e6, Burst: 1e6})))
	t.Cleanup(ours.Close)
	sims := httptest.NewServer(spec.wrap(sim))
	t.Cleanup(func() { sims.Close(); sim.Close() })
	client = providers.New(providers.Config{
		URLTemplate: sims.URL + "/providers/{provider}",
		CallbackURL: ours.URL + "/v1/providers/{provider}/events",
	})
	return spec, sig, client
}

// TestOverHTTPEndToEnd plays public scenarios through our HTTP client, the
// simulator and our webhook API, checking every exchange against openapi.yaml.
func TestOverHTTPEndToEnd(t *testing.T) {
	p09, err := scenarios.Named("p09_busy_then_accepts.json")
	require.NoError(t, err)
	p06, err := scenarios.Named("p06_no_assistance_client_approves.json")
	require.NoError(t, err)

	sim := simulator.New(simulator.Config{TimeScale: 60000, WebhookKeys: keys, WebhookBackoff: time.Millisecond})
	sim.Load([]*scenario.Scenario{p09, p06})
	spec, sig, client := overHTTP(t, sim)

	ctx := context.Background()
	caseID := "breakdown-M-1009/run-1"
	order := activities.DispatchOrder{CaseID: caseID, Provider: "byd-assistance", Service: "assistance",
		MissionID: "M-1009", Vehicle: p09.Report.Vehicle, Location: p09.Report.Location, Nature: "electrical",
		Symptoms: p09.Report.Symptoms, Payer: contract.PayerManufacturer}
	answers := []activities.DispatchAnswer{}
	for i, key := range []string{"d/1", "d/1", "d/2", "d/3"} { // d/1 is retried once
		order.IdempotencyKey = caseID + "/dispatch/byd-assistance/" + key
		a, err := client.Dispatch(ctx, order)
		require.NoError(t, err, i)
		answers = append(answers, a)
	}
	busy := activities.DispatchAnswer{
		Status:            "busy",
		RetryAfterSeconds: 1,
		RetryAfterMillis:  1,
	} // 60 s at scale 60000: 1 ms, whole seconds rounded up
	assert.Equal(t, []activities.DispatchAnswer{busy, busy, busy,
		{Status: "accepted", AssignmentID: "byd-assistance-1", ETASeconds: 0}}, answers)

	require.Eventually(t, func() bool { return len(sig.of("breakdown-M-1009")) == 2 }, 5*time.Second, 5*time.Millisecond)
	got := sig.of("breakdown-M-1009")
	assert.Equal(t, contract.MilestoneOnSite, got[0].Kind)
	assert.Equal(t, contract.MilestoneRepaired, got[1].Kind)
	assert.Equal(t, "byd-assistance", got[1].Provider)
	assert.Equal(t, "byd-assistance-1", got[1].AssignmentID)

	options, err := client.Quote(ctx, activities.QuoteRequest{IdempotencyKey: "q", CaseID: "breakdown-M-1006/run",
		Provider: "res-assistance", Vehicle: p06.Report.Vehicle, Location: p06.Report.Location, Nature: "engine"})
	require.NoError(t, err)
	assert.NotEmpty(t, options)
	assert.Equal(t, "res-assistance", options[0].Provider)

	_, err = client.Dispatch(ctx, activities.DispatchOrder{IdempotencyKey: "x", CaseID: "breakdown-M-1006/run",
		Provider: "byd-assistance", Service: "assistance", MissionID: "M-1006", Vehicle: p09.Report.Vehicle,
		Location: p09.Report.Location})
	require.Error(t, err, "a provider with no script for the mission is unreachable")
	assert.NotErrorIs(t, err, activities.ErrRefused)

	require.NoError(t, client.Cancel(ctx, activities.CancelOrder{IdempotencyKey: "c1", CaseID: caseID, Provider: "byd-assistance",
		AssignmentID: "byd-assistance-1", Reason: "test"}))
	require.NoError(t, client.Cancel(ctx, activities.CancelOrder{IdempotencyKey: "c2", CaseID: caseID, Provider: "byd-assistance",
		DispatchKey: "never-sent", Reason: "test"}))
	err = client.Cancel(ctx, activities.CancelOrder{IdempotencyKey: "c3", CaseID: caseID, Provider: "byd-assistance",
		AssignmentID: "nope", Reason: "test"})
	assert.ErrorIs(t, err, activities.ErrRefused)
	conf, err := client.OrderService(ctx, activities.ServiceOrder{IdempotencyKey: "s1", CaseID: caseID, Provider: "byd-assistance",
		Service: contract.ServiceHotel, Cap: "3 nights at 150 EUR"})
	require.NoError(t, err)
	again, err := client.OrderService(ctx, activities.ServiceOrder{IdempotencyKey: "s1", CaseID: caseID, Provider: "byd-assistance",
		Service: contract.ServiceHotel, Cap: "3 nights at 150 EUR"})
	require.NoError(t, err)
	assert.Equal(t, conf, again)
	require.NoError(t, client.CancelService(ctx, activities.ServiceCancellation{IdempotencyKey: "s1/cancel", CaseID: caseID,
		Provider: "byd-assistance", Service: contract.ServiceHotel, OrderKey: "s1", Reference: conf.Reference, Reason: "test"}))

	st := sim.Stats()
	assert.Equal(t, 2, st.RepeatedRequests)
	assert.Zero(t, st.DuplicateOrders)
	assert.Equal(t, 2, st.WebhooksSent)
	assert.Equal(t, 3, st.Cancels)

	problems, checked := spec.report()
	assert.Empty(t, problems)
	for _, op := range []string{"createAssignment", "cancelAssignment", "cancelAssignmentByKey", "requestQuotes",
		"orderService", "cancelService", "receiveProviderEvent"} {
		assert.Positive(t, checked[op], op)
	}
}
