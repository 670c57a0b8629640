package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
	"github.com/valetops/assistance/testsuite/wait"
)

// claimScale plays the claim's hours in seconds: the tow 90 minutes after the
// acceptance comes 9 s in, the approval deadline (2 h) lasts 12 s.
const claimScale = 600

// TestWarrantyClaimOverHTTP plays a warranty claim on the real embedded server:
// the simulator tows the vehicle abroad and acknowledges the repair order; the
// test is the repairer and the warranty manager, posting signed requests to
// our API, and checks the API's answers (401, 409, a repeat, 200) before the
// client approves what the warranty leaves to it.
func TestWarrantyClaimOverHTTP(t *testing.T) {
	s, err := scenarios.Named("p22_warranty_partial_abroad.json")
	require.NoError(t, err)
	s.Repairer, s.Warranty, s.Client = nil, nil, nil // played here, over HTTP
	// The repairer and the warranty manager, each with its own key.
	keys, err := webhooksig.ParseKeys("authorised_repairer=k1:repairer-test-secret-01;opteven=k1:manager-test-secret-001;" +
		"mutual-assistance=k1:provider-test-secret-01")
	require.NoError(t, err)
	repairer, manager := keys["authorised_repairer"].Signing(), keys["opteven"].Signing()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	st := systemtest.Start(ctx, t, stack.Config{Scale: claimScale, Scenarios: []*scenario.Scenario{s}, WebhookKeys: keys})

	mission := s.Report.MissionID
	_, err = st.Cases.Report(ctx, s.Report)
	require.NoError(t, err)
	_, err = st.Cases.Qualify(ctx, mission, contract.QualifyRequest{
		Origin:   contract.OriginMechanical,
		Nature:   contract.NatureEngine,
		Operator: "test",
	})
	require.NoError(t, err)
	waitStage(ctx, t, st, mission, contract.StageAwaitingWarranty)
	// A repairer diagnoses once it has the repair order, which carries the
	// event number abroad: wait until the claim has asked for it.
	waitClaim(ctx, t, st, mission, func(c contract.Claim) bool { return c.EventNumber != "" })

	post := func(path string, body any, key webhooksig.Key) (int, map[string]any) {
		data, err := json.Marshal(body)
		require.NoError(t, err)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, st.APIURL+path, bytes.NewReader(data))
		require.NoError(t, err)
		ts, sig := webhooksig.SignRequest(key, http.MethodPost, path, time.Now(), data)
		req.Header.Set(webhooksig.HeaderTimestamp, ts)
		req.Header.Set(webhooksig.HeaderSignature, sig)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	diagnoses, decisions := "/v1/repairers/authorised_repairer/diagnoses", "/v1/warranty-managers/opteven/decisions"
	diagnosis := map[string]any{"event_id": "d-1", "mission_id": mission, "cause": "gearbox", "quote_eur": 2000}

	status, body := post(decisions, map[string]any{"event_id": "w-0", "mission_id": mission, "covered_eur": 1200}, manager)
	assert.Equal(t, http.StatusConflict, status, "no diagnosis yet: %v", body)
	status, _ = post(diagnoses, diagnosis, webhooksig.Key{ID: "k1", Secret: []byte("not-the-repairer-secret")})
	assert.Equal(t, http.StatusUnauthorized, status)
	status, _ = post(diagnoses, diagnosis, manager)
	assert.Equal(t, http.StatusUnauthorized, status, "the manager's key is not the repairer's")
	status, body = post(diagnoses, map[string]any{"event_id": "d-0", "mission_id": mission, "cause": "gearbox", "quote_eur": -1}, repairer)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "quote_eur", body["field"])
	status, _ = post(diagnoses, map[string]any{"event_id": "d-9", "mission_id": "M-NONE", "cause": "gearbox", "quote_eur": 10}, repairer)
	assert.Equal(t, http.StatusNotFound, status)

	status, body = post(diagnoses, diagnosis, repairer)
	require.Equal(t, http.StatusOK, status, "%v", body)
	claim := body["claim"].(map[string]any)
	assert.EqualValues(t, 2000, claim["quote_eur"])
	assert.NotEmpty(t, claim["event_number"], "abroad: the event number came first")
	status, _ = post(diagnoses, diagnosis, repairer)
	assert.Equal(t, http.StatusOK, status, "the same event again gets the same answer")
	status, _ = post(diagnoses, map[string]any{"event_id": "d-2", "mission_id": mission, "cause": "clutch", "quote_eur": 900}, repairer)
	assert.Equal(t, http.StatusConflict, status, "a second diagnosis is refused")

	status, body = post(decisions, map[string]any{"event_id": "w-1", "mission_id": mission, "covered_eur": 2500}, manager)
	assert.Equal(t, http.StatusConflict, status, "above the quote: %v", body)
	status, body = post(decisions, map[string]any{"event_id": "w-2", "mission_id": mission, "covered_eur": 1200}, manager)
	require.Equal(t, http.StatusOK, status, "%v", body)
	claim = body["claim"].(map[string]any)
	assert.Equal(t, "partial:1200", claim["state"])
	assert.EqualValues(t, 800, claim["client_share_eur"])

	waitStage(ctx, t, st, mission, contract.StageAwaitingApproval)
	_, err = st.Cases.Decide(ctx, mission, contract.DecideRequest{Choose: contract.OptionRepair, By: "test"})
	require.NoError(t, err)
	o, err := st.Cases.Wait(ctx, mission)
	require.NoError(t, err)
	assert.Equal(t, "partial:1200", o.Warranty)
	assert.NotEmpty(t, o.EventNumber)
	assert.Equal(t, contract.Approved(contract.OptionRepair), o.Approval)
	assert.Equal(t, contract.MissionReorganised, o.Mission)
	assert.Contains(t, o.ClientNotified, contract.NoticeWarrantyDecision)

	// The claim is its own workflow, found by the mission's search attributes.
	desc, err := st.Client.DescribeWorkflowExecution(ctx, contract.ClaimWorkflowID(mission), "")
	require.NoError(t, err)
	assert.Equal(t, contract.ClaimWorkflowType, desc.GetWorkflowExecutionInfo().GetType().GetName())
}

// waitStage polls the case until it reaches stage; it fails at once if the
// case closes first.
func waitStage(ctx context.Context, t *testing.T, st *stack.Stack, mission string, stage contract.Stage) {
	t.Helper()
	var o contract.Outcome // read once the wait is over
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var err error
		o, err = st.Cases.Outcome(ctx, mission)
		require.NoError(c, err)
		assert.Contains(c, []contract.Stage{stage, contract.StageClosed}, o.Stage, "the case's stage")
	}, wait.Left(ctx), 100*time.Millisecond, "the case reaches %s", stage)
	require.NotEqual(t, contract.StageClosed, o.Stage, "the case closed before %s: %+v", stage, o.Timeline)
}

// waitClaim polls the mission's warranty claim until ok.
func waitClaim(ctx context.Context, t *testing.T, st *stack.Stack, mission string, ok func(contract.Claim) bool) {
	t.Helper()
	require.EventuallyWithT(t, func(collect *assert.CollectT) {
		v, err := st.Client.QueryWorkflow(ctx, contract.ClaimWorkflowID(mission), "", contract.QueryClaim)
		require.NoError(collect, err)
		var c contract.Claim
		require.NoError(collect, v.Get(&c))
		assert.True(collect, ok(c), "the claim: %+v", c)
	}, wait.Left(ctx), 50*time.Millisecond, "the claim of %s gets there", mission)
}
