package scenario_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/simulation/scenario"
)

// TestThirdRoundWords reads the third round's new words in the shared cases.
func TestThirdRoundWords(t *testing.T) {
	dir := sharedScenarios(t)
	load := func(t *testing.T, name string) *scenario.Scenario {
		t.Helper()
		s, err := scenario.Load(filepath.Join(dir, name))
		require.NoError(t, err)
		return s
	}
	t.Run("p26 client notices unreachable", func(t *testing.T) {
		s := load(t, "p26_client_endpoint_down_ops_alerted.json")
		assert.True(t, s.NoticesRefused())
		assert.Nil(t, s.Client.Decide, "notices may stand without decide")
	})
	t.Run("p31 services answers", func(t *testing.T) {
		s := load(t, "p31_program_services_after_fallback.json")
		p := s.Providers["byd-assistance"]
		a, ok := p.ServiceAnswerFor(0)
		assert.True(t, ok)
		assert.Equal(t, scenario.AnswerAccept, a.Kind)
		a, _ = p.ServiceAnswerFor(5)
		assert.Equal(t, scenario.AnswerAccept, a.Kind, "the last answer repeats")
		assert.Equal(t, scenario.AnswerBusy, p.AnswerFor(0).Kind, "dispatch answers stay the dispatch's")
		_, ok = s.Providers["res-assistance"].ServiceAnswerFor(0)
		assert.False(t, ok, "no services: the dispatch answers confirm them")
	})
	t.Run("p27 trade plates", func(t *testing.T) {
		assert.True(t, load(t, "p27_trade_plates_client_pays.json").Report.Vehicle.TradePlates)
	})
	t.Run("p34 safety", func(t *testing.T) {
		s := load(t, "p34_injured_valet_safety_alert.json")
		require.NotNil(t, s.Report.Safety)
		assert.True(t, s.Report.Safety.Injured)
		assert.True(t, s.Report.Secured())
	})
	t.Run("p33 prior cases' origin and handler", func(t *testing.T) {
		s := load(t, "p33_prior_valet_error_not_counted.json")
		require.Len(t, s.Report.PriorCases, 2)
		assert.Empty(t, s.Report.PriorCases[0].Origin)
		assert.Equal(t, contract.OriginValetError, s.Report.PriorCases[1].Origin)
		assert.Equal(t, contract.HandlerOperatorPartner, s.Report.PriorCases[1].Handler)
	})
	t.Run("p24 a qualification after the window", func(t *testing.T) {
		s := load(t, "p24_ops_requalify_valet_error_after_window.json")
		assert.Equal(t, 12*time.Minute, s.Ops.Qualify.After.Duration(), "later than the 10 min window: a re-qualification")
	})
}

func TestParseServiceAnswer(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want scenario.Answer
	}{
		{"accept", scenario.Answer{Kind: scenario.AnswerAccept}},
		{"busy", scenario.Answer{Kind: scenario.AnswerBusy, RetryAfter: scenario.DefaultRetryAfter}},
		{"unreachable", scenario.Answer{Kind: scenario.AnswerUnreachable}},
		{"reject reason=no_hotel", scenario.Answer{Kind: scenario.AnswerReject, Reason: "no_hotel"}},
	} {
		got, err := scenario.ParseServiceAnswer(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, tc := range []struct{ in, msg string }{
		{"", "empty answer"},
		{"accept eta=40m", "unknown option eta for accept"},
		{"silent", "unknown answer"},
		{"reject", "reject needs reason="},
		{"maybe", "unknown answer"},
	} {
		_, err := scenario.ParseServiceAnswer(tc.in)
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.msg, tc.in)
	}
}

// thirdRoundDoc is p31 edited.
func thirdRoundDoc(t *testing.T, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedScenarios(t), "p31_program_services_after_fallback.json"))
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	return []byte(strings.Replace(string(data), old, new, 1))
}

func TestThirdRoundWordsRefused(t *testing.T) {
	for _, tc := range []struct{ name, old, new, field string }{
		{"a bad service answer", `"services": [
        "accept"
      ]`, `"services": ["maybe"]`, "providers.byd-assistance.services[0]"},
		{"an unknown client notices answer", `"beneficiary": {`, `"client": {"notices": "down"}, "beneficiary": {`, "client.notices"},
		{"service_providers must be an object", `"service_providers": {
      "onward_travel": "byd-assistance"
    }`, `"service_providers": ["byd-assistance"]`, "expect.service_providers"},
		{"ops_alerted must be a list", `"fallback": true,`, `"fallback": true, "ops_alerted": "safety",`, "expect.ops_alerted"},
		{"event_number_before_tow must be a boolean", `"fallback": true,`, `"fallback": true, "event_number_before_tow": "yes",`, "expect.event_number_before_tow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse(thirdRoundDoc(t, tc.old, tc.new))
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err), err.Error())
		})
	}
}

func TestCheckThirdRoundKeys(t *testing.T) {
	s, err := scenario.Parse(thirdRoundDoc(t, `"fallback": true,`, `"fallback": true,
    "ops_alerted": ["safety"], "valet_notified": ["service_ordered"], "approval_reason": "no_assistance",
    "event_number_before_tow": false, "assistance_informed_at_report": true, "nature": "engine", "qualified_by": "ops",`))
	require.NoError(t, err)
	good := contract.Outcome{
		Coverage: "covered", Fallback: true, Handler: contract.HandlerOperatorPartner, Nature: contract.NatureEngine, QualifiedBy: "ops",
		Entitlements:               []contract.Service{"replacement_vehicle", "onward_travel", "hotel"},
		Services:                   []contract.Service{"tow", "onward_travel"},
		ServiceProviders:           map[contract.Service]string{"onward_travel": "byd-assistance", "taxi": "res-assistance"},
		TowDestination:             "authorised_repairer",
		ClientNotified:             []contract.NoticeKind{"breakdown_reported", "assistance_unavailable", "service_ordered"},
		ValetNotified:              []contract.ValetNoticeKind{"assistance_dispatched", "service_ordered"},
		OpsAlerts:                  []contract.OpsAlertRecord{{Kind: contract.AlertSafety, Handled: "resolved"}, {Kind: contract.AlertEtaBreached}},
		ApprovalReason:             contract.ApprovalReasonNoAssistance,
		AssistanceInformedAtReport: true,
	}
	assert.Empty(t, s.Check(good))

	bad := good
	bad.ServiceProviders = map[contract.Service]string{"onward_travel": "res-assistance"}
	bad.OpsAlerts = nil
	bad.ValetNotified = nil
	bad.ApprovalReason = "not_covered:expired"
	bad.EventNumberBeforeTow = true
	bad.AssistanceInformedAtReport = false
	keys := map[string]bool{}
	for _, m := range s.Check(bad) {
		keys[m.Key] = true
	}
	for _, k := range []string{"service_providers", "ops_alerted", "valet_notified", "approval_reason", "event_number_before_tow", "assistance_informed_at_report"} {
		assert.True(t, keys[k], "%s is checked", k)
	}
	bad = good
	bad.ServiceProviders = nil
	assert.Len(t, s.Check(bad), 1, "a service named but not ordered")
}
