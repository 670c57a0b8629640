package testsuite

import (
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// warrantyCase is p21 (a used car under warranty towed to a repairer in
// France) with the repairer's, the manager's and the client's scripts and the
// expectations replaced.
func warrantyCase(t *testing.T, edit func(doc map[string]any)) *scenario.Scenario {
	t.Helper()
	p21, err := scenarios.Named("p21_warranty_covers_repair.json")
	require.NoError(t, err)
	s, err := p21.Clone("", func(doc map[string]any) {
		for key := range doc {
			if key != "name" && key != "report" {
				delete(doc, key)
			}
		}
		doc["providers"] = map[string]any{"mutual-assistance": map[string]any{
			"dispatch": []any{"accept eta=40m"}, "events": []any{"on_site +40m", "towed +90m to=authorised_repairer repair=4d"},
		}}
		doc["expect"] = map[string]any{}
		doc["ops"] = map[string]any{"qualify": map[string]any{"after": "3m", "origin": "mechanical", "nature": "engine", "drivable": false}}
		edit(doc)
	})
	require.NoError(t, err)
	return s
}

func diagnosisAt(after string, quote int) map[string]any {
	return map[string]any{"diagnosis": map[string]any{"after": after, "quote_eur": quote, "cause": "turbocharger"}}
}

func play(t *testing.T, s *scenario.Scenario, setup Setup) *Played {
	t.Helper()
	p := PlayWith(s, setup)
	require.NoError(t, p.Err, p.Timeline())
	return p
}

func alertKinds(p *Played) []contract.AlertKind {
	var kinds []contract.AlertKind
	for _, a := range p.Recorder.Alerts {
		kinds = append(kinds, a.Kind)
	}
	return kinds
}

func TestWarrantyRefusedAndTheClientDeclines(t *testing.T) {
	p := play(t, warrantyCase(t, func(doc map[string]any) {
		doc["repairer"] = diagnosisAt("20h", 1450)
		doc["warranty"] = map[string]any{"decide": map[string]any{"after": "24h", "refuse": "wear_part"}}
		doc["client"] = map[string]any{"decide": map[string]any{"after": "25h", "decline": true}}
	}), nil)
	o := p.Outcome
	assert.Equal(t, "refused:wear_part", o.Warranty, p.Timeline())
	assert.Equal(t, contract.ApprovalDeclined, o.Approval)
	assert.Equal(t, contract.MissionStopped, o.Mission)
	require.NotNil(t, o.Claim)
	assert.Equal(t, 1450, o.Claim.ClientShareEUR)
	assert.Equal(t, []contract.Option{{Option: "repair", PriceEUR: 1450, Provider: "authorised_repairer"}}, o.OptionsOffered)
	assert.Contains(t, o.ClientNotified, contract.NoticeWarrantyDecision)
	assert.Contains(t, o.ClientNotified, contract.NoticeApprovalRequested)
	assert.Empty(t, o.EventNumber, "at home: no event number")
	require.Len(t, p.Warranty.Claims, 1)
	assert.Equal(t, 1450, p.Warranty.Claims[0].QuoteEUR)
	assert.Equal(t, "turbocharger", p.Warranty.Claims[0].Cause)
}

func TestWarrantyLeftToTheClientExpires(t *testing.T) {
	p := play(t, warrantyCase(t, func(doc map[string]any) {
		doc["repairer"] = diagnosisAt("20h", 2000)
		doc["warranty"] = map[string]any{"decide": map[string]any{"after": "24h", "covered_eur": 500}}
	}), nil)
	assert.Equal(t, "partial:500", p.Outcome.Warranty)
	assert.Equal(t, contract.ApprovalExpired, p.Outcome.Approval)
	assert.Contains(t, p.Outcome.ClientNotified, contract.NoticeApprovalReminder, "reminded like a paid option")
	assert.Equal(t, contract.MissionSuspended, p.Outcome.Mission)
	assert.Contains(t, alertKinds(p), contract.AlertApprovalExpired)
}

func TestNoDiagnosisInTime(t *testing.T) {
	p := play(t, warrantyCase(t, func(doc map[string]any) {
		doc["repairer"] = diagnosisAt("60h", 1450) // the window is 48 h from the tow
		doc["warranty"] = map[string]any{"decide": map[string]any{"after": "61h", "covered_eur": 1450}}
	}), nil)
	o := p.Outcome
	assert.Equal(t, contract.WarrantyExpired, o.Warranty, p.Timeline())
	assert.Equal(t, contract.MissionSuspended, o.Mission)
	assert.Contains(t, alertKinds(p), contract.AlertWarrantyExpired)
	assert.Empty(t, p.Warranty.Claims, "nothing reached the manager")
	assert.NotContains(t, o.ClientNotified, contract.NoticeWarrantyDecision)
}

func TestNoDecisionInTime(t *testing.T) {
	p := play(t, warrantyCase(t, func(doc map[string]any) {
		doc["repairer"] = diagnosisAt("20h", 1450)
	}), nil)
	assert.Equal(t, contract.WarrantyExpired, p.Outcome.Warranty)
	assert.Contains(t, p.Outcome.Claim.Reason, "no decision from opteven within 24h")
	assert.Equal(t, contract.MissionSuspended, p.Outcome.Mission)
	assert.Contains(t, alertKinds(p), contract.AlertWarrantyExpired)
}

func TestAbroadTheEventNumberComesFirstAndReachesTheRepairer(t *testing.T) {
	p := play(t, warrantyCase(t, func(doc map[string]any) {
		report := doc["report"].(map[string]any)
		report["location"] = map[string]any{"lat": 52.52, "lon": 13.405, "country": "DE", "public_road": true}
		doc["repairer"] = diagnosisAt("20h", 1450)
		doc["warranty"] = map[string]any{"decide": map[string]any{"after": "24h", "covered_eur": 1450}}
	}), nil)
	o := p.Outcome
	assert.Equal(t, contract.WarrantyCovered, o.Warranty)
	require.NotEmpty(t, o.EventNumber)
	require.Len(t, p.Warranty.Orders, 1)
	assert.Equal(t, o.EventNumber, p.Warranty.Orders[0].EventNumber, "sent to the repairer")
	assert.Equal(t, o.EventNumber, p.Warranty.Claims[0].EventNumber, "and to the manager with the quote")
	assert.Equal(t, contract.MissionReorganised, o.Mission)
}

func TestACancelledCaseWithdrawsItsClaim(t *testing.T) {
	s := warrantyCase(t, func(doc map[string]any) {
		doc["repairer"] = diagnosisAt("20h", 1450)
	})
	p := play(t, s, func(env *sdktest.TestWorkflowEnvironment, _ *Played) {
		env.RegisterDelayedCallback(func() {
			env.UpdateWorkflow(contract.UpdateCancel, "cancel", &sdktest.TestUpdateCallback{
				OnReject: func(err error) { t.Errorf("cancel refused: %v", err) }, OnAccept: func() {}, OnComplete: func(any, error) {},
			}, contract.CancelRequest{By: "client", Reason: "mission cancelled"})
		}, 30*time.Hour)
	})
	assert.True(t, p.Outcome.Cancelled, p.Timeline())
	assert.Equal(t, contract.MissionStopped, p.Outcome.Mission)
	var what []string
	for _, w := range p.Warranty.Withdrawals {
		what = append(what, w.What)
	}
	assert.Equal(t, []string{activities.WithdrawClaim, activities.WithdrawRepairOrder}, what, "the claim first, then the repair order")
}

func TestOperatorFaultOpensNoClaim(t *testing.T) {
	p := play(t, warrantyCase(t, func(doc map[string]any) {
		doc["ops"] = map[string]any{"qualify": map[string]any{"after": "3m", "origin": "operator_fault", "nature": "engine", "drivable": false}}
		doc["providers"] = map[string]any{"res-assistance": map[string]any{"dispatch": []string{"accept eta=40m"}, "events": []string{"towed +90m to=authorised_repairer"}}}
		doc["repairer"] = diagnosisAt("20h", 1450)
	}), nil)
	assert.Empty(t, p.Outcome.Warranty, "the operator's own business: no warranty claim")
	assert.Empty(t, p.Warranty.Orders)
}
