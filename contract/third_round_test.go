package contract_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

// thirdRoundReport is a valid report with the third round's words added by
// edit.
func thirdRoundReport(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	m := map[string]any{
		"mission_id": "M-1", "client_id": "C-1", "valet_id": "V-1", "at": "2026-03-10T08:15:00Z",
		"vehicle": map[string]any{
			"vin": "LGXCE4CB0P0003027", "plate": "W-327-GA", "make": "BYD", "energy": "electric", "kind": "new",
			"assistance": map[string]any{"type": "manufacturer", "provider": "byd-assistance", "program": "byd-eu"},
		},
		"location": map[string]any{"lat": 45.0, "lon": 4.8, "country": "FR", "public_road": true},
		"symptoms": []string{"no_start"}, "drivable": false,
	}
	edit(m)
	data, err := json.Marshal(m)
	require.NoError(t, err)
	return data
}

func TestThirdRoundReportWords(t *testing.T) {
	vehicle := func(m map[string]any) map[string]any { return m["vehicle"].(map[string]any) }
	tests := []struct {
		name  string
		edit  func(m map[string]any)
		field string // "" when valid
		check func(t *testing.T, r contract.Report)
	}{
		{"trade plates", func(m map[string]any) { vehicle(m)["trade_plates"] = true }, "", func(t *testing.T, r contract.Report) {
			assert.True(t, r.Vehicle.TradePlates)
		}},
		{"trade plates must be a boolean", func(m map[string]any) { vehicle(m)["trade_plates"] = "W" }, "vehicle.trade_plates", nil},
		{"safety declared", func(m map[string]any) {
			m["safety"] = map[string]any{"injured": true, "emergency_called": true, "vehicle_secured": true}
		}, "", func(t *testing.T, r contract.Report) {
			require.NotNil(t, r.Safety)
			assert.True(t, r.Safety.Injured)
			assert.True(t, r.Safety.EmergencyCalled)
			assert.True(t, r.Secured())
		}},
		{"vehicle not secured", func(m map[string]any) { m["safety"] = map[string]any{"vehicle_secured": false} }, "", func(t *testing.T, r contract.Report) {
			require.NotNil(t, r.Safety.VehicleSecured)
			assert.False(t, r.Secured())
		}},
		{"secured not declared", func(m map[string]any) { m["safety"] = map[string]any{"injured": false} }, "", func(t *testing.T, r contract.Report) {
			assert.Nil(t, r.Safety.VehicleSecured)
			assert.False(t, r.Secured(), "only vehicle_secured: true says it is secured")
		}},
		{"no safety: nothing declared", func(map[string]any) {}, "", func(t *testing.T, r contract.Report) {
			assert.Nil(t, r.Safety)
			assert.False(t, r.Secured())
		}},
		{"unknown safety word", func(m map[string]any) { m["safety"] = map[string]any{"hurt": true} }, "safety.hurt", nil},
		{"safety null", func(m map[string]any) { m["safety"] = nil }, "safety", nil},
		{"vehicle_secured null", func(m map[string]any) { m["safety"] = map[string]any{"vehicle_secured": nil} }, "safety.vehicle_secured", nil},
		{"a prior case's origin and handler", func(m map[string]any) {
			m["prior_cases"] = []map[string]any{{"at": "2026-02-20T18:05:00Z", "nature": "hv_battery_discharged", "origin": "valet_error", "handler": "operator_partner"}}
		}, "", func(t *testing.T, r contract.Report) {
			assert.Equal(t, contract.OriginValetError, r.PriorCases[0].Origin)
			assert.Equal(t, contract.HandlerOperatorPartner, r.PriorCases[0].Handler)
		}},
		{"a prior case of a new nature", func(m map[string]any) {
			m["prior_cases"] = []map[string]any{{"at": "2026-02-20T18:05:00Z", "nature": "marten_bite"}}
		}, "", nil},
		{"a prior case's unknown handler", func(m map[string]any) {
			m["prior_cases"] = []map[string]any{{"at": "2026-02-20T18:05:00Z", "nature": "engine", "handler": "garage"}}
		}, "prior_cases[0].handler", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := contract.ParseReport(thirdRoundReport(t, tc.edit))
			if tc.field != "" {
				require.Error(t, err)
				assert.Equal(t, tc.field, strictjson.FirstField(err), err.Error())
				return
			}
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestThirdRoundNatures(t *testing.T) {
	for _, n := range []contract.Nature{contract.NatureMartenBite, contract.NatureSnowChains, contract.NatureFluids,
		contract.NaturePowerSteeringFluid, contract.NatureWindows, contract.NatureWindowOpen, contract.NatureLocks,
		contract.NatureCannotSwitchOff} {
		assert.True(t, n.Valid(), n)
		assert.Contains(t, contract.Natures(), string(n))
		assert.NoError(t, contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: n}.Validate(), "ops may qualify %s", n)
	}
}

func TestThirdRoundNoticeKinds(t *testing.T) {
	for _, k := range []contract.NoticeKind{contract.NoticeServiceOrdered, contract.NoticeWarrantyAbroad, contract.NoticeDelay,
		contract.NoticeWarrantyDecision, contract.NoticeBreakdownReported} {
		assert.True(t, k.Valid(), k)
	}
	assert.False(t, contract.NoticeKind("position_requested").Valid(), "a valet notice, not a client one")
	assert.Len(t, contract.NoticeKinds(), 16)
	for _, k := range []string{"position_requested", "assistance_dispatched", "service_ordered"} {
		assert.True(t, contract.ValetNoticeKind(k).Valid(), k)
	}
	assert.False(t, contract.ValetNoticeKind("towed").Valid())
	assert.Len(t, contract.ValetNoticeKinds(), 3)
}

func TestThirdRoundAlerts(t *testing.T) {
	assert.True(t, contract.AlertSafety.NeedsPerson(), "someone injured, a fire: a person handles it")
	assert.True(t, contract.AlertClientNotNotified.NeedsPerson(), "ops reach the client another way")
	assert.True(t, contract.AlertClientNotNotified.OncePerCase(), "one client_not_notified per case")
	assert.False(t, contract.AlertSafety.OncePerCase())
	assert.False(t, contract.AlertEtaBreached.OncePerCase())
	for _, a := range []contract.OpsAnswer{contract.AnswerQualify, contract.AnswerOverride, contract.AnswerCancel, contract.AnswerLocate} {
		assert.False(t, contract.AlertSafety.AnsweredBy(a), "only resolve handles a safety alert, not %s", a)
	}
}

func TestApprovalReasons(t *testing.T) {
	for _, r := range []string{contract.ApprovalReasonNoAssistance, contract.ApprovalReasonWarrantyPartial,
		contract.ApprovalReasonWarrantyRefused, contract.ApprovalReasonNotCovered("trade_plates")} {
		assert.True(t, contract.ValidApprovalReason(r), r)
	}
	assert.Equal(t, "not_covered:out_of_zone", contract.ApprovalReasonNotCovered("out_of_zone"))
	for _, r := range []string{"", "not_covered:", "expired", "covered"} {
		assert.False(t, contract.ValidApprovalReason(r), r)
	}
}

func TestOutcomeThirdRoundKeys(t *testing.T) {
	o := contract.Outcome{
		OpsAlerts: []contract.OpsAlertRecord{{Kind: contract.AlertSafety}, {Kind: contract.AlertClientNotNotified},
			{Kind: contract.AlertSafety, Handled: "resolved"}},
		ApprovalReason:             contract.ApprovalReasonNotCovered("trade_plates"),
		ServiceProviders:           map[contract.Service]string{contract.ServiceHotel: "byd-assistance"},
		EventNumberBeforeTow:       true,
		AssistanceInformedAtReport: true,
		AssistanceInformed:         &contract.AssistanceInformed{Provider: "byd-assistance", At: "2026-03-10T09:05:00Z", Reached: true},
		ValetNotified:              []contract.ValetNoticeKind{contract.ValetAssistanceDispatched},
	}
	assert.Equal(t, []contract.AlertKind{contract.AlertSafety, contract.AlertClientNotNotified}, o.AlertedKinds())
	assert.True(t, o.Alerted(contract.AlertSafety))
	assert.False(t, o.Alerted(contract.AlertUnassisted))
	assert.Empty(t, contract.Outcome{}.AlertedKinds())
	data, err := json.Marshal(o)
	require.NoError(t, err)
	for _, key := range []string{`"approval_reason":"not_covered:trade_plates"`, `"service_providers":{"hotel":"byd-assistance"}`,
		`"event_number_before_tow":true`, `"assistance_informed_at_report":true`, `"valet_notified":["assistance_dispatched"]`,
		`"assistance_informed":{"provider":"byd-assistance","at":"2026-03-10T09:05:00Z","reached":true}`} {
		assert.True(t, strings.Contains(string(data), key), "%s in %s", key, data)
	}
}
