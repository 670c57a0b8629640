package scenario_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
)

// minimalScenario is a valid scenario whose expect is filled in by withExpect.
const minimalScenario = `{
  "name": "check",
  "report": {
    "mission_id": "M-1004", "client_id": "C-DEALER", "valet_id": "V-12", "at": "2026-03-10T08:15:00Z",
    "vehicle": {"vin": "LGXCE4CB0P0000001", "plate": "GA-101-BY", "make": "BYD", "energy": "electric", "kind": "new",
                "assistance": {"type": "manufacturer", "provider": "byd-assistance"}},
    "location": {"lat": 45.7578, "lon": 4.832, "country": "FR", "public_road": true},
    "symptoms": ["no_start"], "drivable": false
  },
  "expect": EXPECT
}`

func withExpect(t *testing.T, expect string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Parse([]byte(strings.Replace(minimalScenario, "EXPECT", expect, 1)))
	require.NoError(t, err)
	return s
}

// p04Outcome is what the p04 case ends with.
func p04Outcome() contract.Outcome {
	return contract.Outcome{
		CaseID: "case-1", MissionID: "M-1004", ClientID: "C-DEALER", Stage: contract.StageClosed,
		Origin: contract.OriginMechanical, Nature: contract.NatureEngine, QualifiedBy: contract.QualifiedByOps,
		Handler: contract.HandlerManufacturer, Provider: "byd-assistance", Payer: contract.PayerManufacturer,
		Approval: contract.ApprovalNotRequired, Services: []contract.Service{contract.ServiceTow},
		TowDestination: contract.DestinationAuthorisedRepairer, Mission: contract.MissionReorganised,
		Coverage: "covered", Entitlements: []contract.Service{},
		ClientNotified: []contract.NoticeKind{contract.NoticeBreakdownReported, contract.NoticeQualified,
			contract.NoticeAssistanceDispatched, contract.NoticeOnSite, contract.NoticeTowed,
			contract.NoticeMissionDecision, contract.NoticeCaseClosed},
	}
}

func TestCheckMatches(t *testing.T) {
	tests := []struct {
		name   string
		expect string
		edit   func(o *contract.Outcome)
	}{
		{"p04's expect", `{"origin": "mechanical", "handler": "manufacturer", "fallback": false, "payer": "manufacturer",
			"approval": "not_required", "services": ["tow"], "tow_destination": "authorised_repairer", "mission": "reorganised"}`, nil},
		{"an empty expect checks nothing", `{}`, nil},
		{"keys not given are not checked", `{"mission": "reorganised"}`, func(o *contract.Outcome) {
			o.Handler, o.Payer, o.Services = contract.HandlerInsurer, contract.PayerClient, nil
		}},
		{"services compare as sets", `{"services": ["onward_travel", "tow"]}`, func(o *contract.Outcome) {
			o.Services = []contract.Service{contract.ServiceTow, contract.ServiceOnwardTravel}
		}},
		{"entitlements compare as sets", `{"entitlements": ["hotel", "replacement_vehicle", "onward_travel"]}`, func(o *contract.Outcome) {
			o.Entitlements = []contract.Service{contract.ServiceReplacementVehicle, contract.ServiceOnwardTravel, contract.ServiceHotel}
		}},
		{"no services expected, none given (nil)", `{"services": [], "entitlements": []}`, func(o *contract.Outcome) {
			o.Services, o.Entitlements = nil, nil
		}},
		{"client_notified contains, in any order, others allowed", `{"client_notified": ["mission_decision", "breakdown_reported", "towed"]}`, nil},
		{"an empty client_notified is always contained", `{"client_notified": []}`, func(o *contract.Outcome) { o.ClientNotified = nil }},
		{"fallback true", `{"fallback": true, "handler": "operator_partner"}`, func(o *contract.Outcome) {
			o.Fallback, o.Handler = true, contract.HandlerOperatorPartner
		}},
		{"liability", `{"liability": "valet"}`, func(o *contract.Outcome) { o.Liability = contract.LiabilityValet }},
		{"approval of an option", `{"approval": "approved:tow", "payer": "client"}`, func(o *contract.Outcome) {
			o.Approval, o.Payer = contract.Approved("tow"), contract.PayerClient
		}},
		{"coverage and replacement vehicle", `{"coverage": "not_covered:yearly_limit", "replacement_vehicle_until": "2026-05-13"}`, func(o *contract.Outcome) {
			o.Coverage, o.ReplacementVehicleUntil = "not_covered:yearly_limit", "2026-05-13"
		}},
		{"the other keys", `{"nature": "engine", "qualified_by": "ops", "provider": "byd-assistance", "cancelled": false, "drivable": false}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := withExpect(t, tc.expect)
			o := p04Outcome()
			if tc.edit != nil {
				tc.edit(&o)
			}
			assert.Empty(t, s.Check(o))
		})
	}
}

func TestCheckMismatches(t *testing.T) {
	tests := []struct {
		name   string
		expect string
		edit   func(o *contract.Outcome)
		want   []scenario.Mismatch
	}{
		{"handler", `{"handler": "manufacturer"}`, func(o *contract.Outcome) { o.Handler = contract.HandlerOperatorPartner },
			[]scenario.Mismatch{{Key: "handler", Expected: `"manufacturer"`, Actual: `"operator_partner"`}}},
		{"mission", `{"mission": "resumed"}`, nil,
			[]scenario.Mismatch{{Key: "mission", Expected: `"resumed"`, Actual: `"reorganised"`}}},
		{"fallback", `{"fallback": true}`, nil,
			[]scenario.Mismatch{{Key: "fallback", Expected: `true`, Actual: `false`}}},
		{"drivable", `{"drivable": true}`, nil,
			[]scenario.Mismatch{{Key: "drivable", Expected: `true`, Actual: `false`}}},
		{"liability absent from the outcome", `{"liability": "valet"}`, nil,
			[]scenario.Mismatch{{Key: "liability", Expected: `"valet"`, Actual: `(absent)`}}},
		{"a service missing", `{"services": ["tow","onward_travel"]}`, nil,
			[]scenario.Mismatch{{Key: "services", Expected: `["tow","onward_travel"]`, Actual: `["tow"]`}}},
		{"a service too many", `{"services": ["tow"]}`, func(o *contract.Outcome) {
			o.Services = []contract.Service{contract.ServiceTow, contract.ServiceHotel}
		}, []scenario.Mismatch{{Key: "services", Expected: `["tow"]`, Actual: `["tow","hotel"]`}}},
		{"no service expected", `{"services": []}`, nil,
			[]scenario.Mismatch{{Key: "services", Expected: `[]`, Actual: `["tow"]`}}},
		{"entitlements differ", `{"entitlements": ["replacement_vehicle"]}`, nil,
			[]scenario.Mismatch{{Key: "entitlements", Expected: `["replacement_vehicle"]`, Actual: `[]`}}},
		{"a notice missing", `{"client_notified": ["breakdown_reported","approval_requested"]}`, nil,
			[]scenario.Mismatch{{Key: "client_notified", Expected: `["breakdown_reported","approval_requested"]`,
				Actual: `["breakdown_reported","qualified","assistance_dispatched","on_site","towed","mission_decision","case_closed"]`}}},
		{"coverage", `{"coverage": "limited"}`, nil,
			[]scenario.Mismatch{{Key: "coverage", Expected: `"limited"`, Actual: `"covered"`}}},
		{"several, sorted by key", `{"payer": "client", "approval": "approved:tow", "mission": "reorganised", "handler": "operator_arranged"}`, nil,
			[]scenario.Mismatch{
				{Key: "approval", Expected: `"approved:tow"`, Actual: `"not_required"`},
				{Key: "handler", Expected: `"operator_arranged"`, Actual: `"manufacturer"`},
				{Key: "payer", Expected: `"client"`, Actual: `"manufacturer"`},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := withExpect(t, tc.expect)
			o := p04Outcome()
			if tc.edit != nil {
				tc.edit(&o)
			}
			assert.Equal(t, tc.want, s.Check(o))
		})
	}
}

func TestMismatchString(t *testing.T) {
	m := scenario.Mismatch{Key: "handler", Expected: `"manufacturer"`, Actual: `"operator_partner"`}
	assert.Equal(t, `handler: expected "manufacturer", got "operator_partner"`, m.String())
}

// TestCheckMismatchOnOneLine: a scenario file writes its lists over several
// lines; the mismatch still reads "key: expected X, got Y" on one line.
func TestCheckMismatchOnOneLine(t *testing.T) {
	s := withExpect(t, "{\n  \"services\": [\n    \"tow\",\n    \"onward_travel\"\n  ],\n  \"mission\": \"resumed\"\n}")
	got := s.Check(p04Outcome())
	require.Len(t, got, 2)
	assert.Equal(t, "mission", got[0].Key)
	assert.Equal(t, `"resumed"`, got[0].Expected)
	assert.Equal(t, "services", got[1].Key)
	assert.Equal(t, `["tow"]`, got[1].Actual)
	if strings.Contains(got[1].Expected, "\n") {
		t.Fatalf("Mismatch.Expected keeps the file's layout (compact() in expect.go returns the raw JSON): %q", got[1].Expected)
	}
	var want []string
	require.NoError(t, json.Unmarshal([]byte(got[1].Expected), &want))
	assert.Equal(t, `["tow","onward_travel"]`, got[1].Expected)
}
