package contract_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

// p04Report is the report of shared/scenarios/p04_new_vehicle_manufacturer.json.
const p04Report = `{
    "mission_id": "M-1004",
    "client_id": "C-DEALER",
    "valet_id": "V-12",
    "at": "2026-03-10T08:15:00Z",
    "vehicle": {
      "vin": "LGXCE4CB0P0000001",
      "plate": "GA-101-BY",
      "make": "BYD",
      "model": "Seal",
      "energy": "electric",
      "kind": "new",
      "weight_kg": 2150,
      "usage": "private",
      "delivered_on": "2025-06-01",
      "maintenance_followed": true,
      "registration_country": "FR",
      "assistance": {
        "type": "manufacturer",
        "provider": "byd-assistance",
        "program": "byd-eu"
      }
    },
    "location": {
      "lat": 45.7578,
      "lon": 4.832,
      "country": "FR",
      "public_road": true
    },
    "home_distance_km": 20,
    "symptoms": [
      "no_start",
      "warning_light"
    ],
    "drivable": false
  }`

// p04With returns p04's report changed by edit, as JSON.
func p04With(t *testing.T, edit func(r map[string]any)) []byte {
	t.Helper()
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(p04Report), &r))
	edit(r)
	data, err := json.Marshal(r)
	require.NoError(t, err)
	return data
}

func vehicleOf(r map[string]any) map[string]any  { return r["vehicle"].(map[string]any) }
func locationOf(r map[string]any) map[string]any { return r["location"].(map[string]any) }

func TestParseReportAcceptsP04(t *testing.T) {
	r, err := contract.ParseReport([]byte(p04Report))
	require.NoError(t, err)
	assert.Equal(t, "M-1004", r.MissionID)
	assert.Equal(t, "C-DEALER", r.ClientID)
	assert.Equal(t, "V-12", r.ValetID)
	assert.Equal(t, "LGXCE4CB0P0000001", r.Vehicle.VIN)
	assert.Equal(t, contract.EnergyElectric, r.Vehicle.Energy)
	assert.Equal(t, contract.KindNew, r.Vehicle.Kind)
	assert.Equal(t, 2150.0, r.Vehicle.WeightKg)
	assert.Equal(t, contract.UsagePrivate, r.Vehicle.Usage)
	assert.True(t, r.Vehicle.MaintenanceFollowed)
	require.NotNil(t, r.Vehicle.Assistance)
	assert.Equal(t, contract.VehicleAssistance{
		Type:     contract.AssistanceManufacturer,
		Provider: "byd-assistance",
		Program:  "byd-eu",
	}, *r.Vehicle.Assistance)
	assert.True(t, r.Vehicle.HasOwnAssistance())
	assert.Equal(t, contract.Location{Country: "FR", PublicRoad: true}.WithPosition(45.7578, 4.832), r.Location)
	assert.Equal(t, 20.0, r.HomeDistanceKm)
	assert.Equal(t, []string{"no_start", "warning_light"}, r.Symptoms)
	assert.False(t, r.Drivable)
	at := time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)
	assert.True(t, r.BrokeDownAt().Equal(at))
	assert.True(t, r.ReachedAssistanceAt().Equal(at), "reported_at defaults to at")
	assert.False(t, r.Abroad())
}

func TestParseReportAcceptsVariants(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(r map[string]any)
		check func(t *testing.T, r contract.Report)
	}{
		{"no assistance of its own", func(r map[string]any) { vehicleOf(r)["assistance"] = nil },
			func(t *testing.T, r contract.Report) { assert.False(t, r.Vehicle.HasOwnAssistance()) }},
		{"optional fields left out", func(r map[string]any) {
			v := vehicleOf(r)
			for _, k := range []string{"model", "weight_kg", "usage", "delivered_on", "maintenance_followed", "registration_country", "assistance"} {
				delete(v, k)
			}
			delete(r, "home_distance_km")
			delete(locationOf(r), "public_road")
		}, func(t *testing.T, r contract.Report) { assert.Nil(t, r.Vehicle.Assistance) }},
		{"reported later", func(r map[string]any) { r["reported_at"] = "2026-03-10T09:16:00+01:00" },
			func(t *testing.T, r contract.Report) {
				assert.True(t, r.ReachedAssistanceAt().Equal(time.Date(2026, 3, 10, 8, 16, 0, 0, time.UTC)))
			}},
		{"reported at the same moment", func(r map[string]any) { r["reported_at"] = "2026-03-10T08:15:00Z" }, nil},
		{"prior cases", func(r map[string]any) {
			r["prior_cases"] = []any{
				map[string]any{"at": "2026-01-14T07:40:00Z", "nature": "hv_battery_discharged"},
				map[string]any{"at": "2026-02-20T18:05:00Z", "nature": "battery_12v", "origin": "valet_error", "handler": "operator_partner"},
			}
		}, func(t *testing.T, r contract.Report) {
			require.Len(t, r.PriorCases, 2)
			assert.Equal(t, contract.NatureHVBatteryDischarged, r.PriorCases[0].Nature)
			assert.Empty(t, r.PriorCases[0].Origin, "a prior case need not say its origin")
			assert.Equal(t, contract.OriginValetError, r.PriorCases[1].Origin)
			assert.Equal(t, contract.HandlerOperatorPartner, r.PriorCases[1].Handler)
		}},
		{"abroad", func(r map[string]any) { locationOf(r)["country"] = "TR" },
			func(t *testing.T, r contract.Report) { assert.True(t, r.Abroad()) }},
		{"usage alias", func(r map[string]any) { vehicleOf(r)["usage"] = "ride_hailing" },
			func(t *testing.T, r contract.Report) {
				assert.Equal(t, contract.UsagePassengerTransport, r.Vehicle.Usage.Canonical())
			}},
		{"edge coordinates", func(r map[string]any) { locationOf(r)["lat"] = -90; locationOf(r)["lon"] = 180 }, nil},
		{"a warranty beside the assistance", func(r map[string]any) {
			vehicleOf(r)["warranty"] = map[string]any{"manager": "opteven", "program": "opteven-premium"}
		}, func(t *testing.T, r contract.Report) {
			require.NotNil(t, r.Vehicle.Warranty)
			assert.Equal(t, "opteven", r.Vehicle.Warranty.Manager)
			assert.NotNil(t, r.Vehicle.Assistance)
		}},
		{"an owner other than the client", func(r map[string]any) {
			vehicleOf(r)["owner_id"] = "C-LEASECO"
		}, func(t *testing.T, r contract.Report) {
			assert.Equal(t, "C-LEASECO", r.Vehicle.OwnerID)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := contract.ParseReport(p04With(t, tc.edit))
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestParseReportRefuses(t *testing.T) {
	tests := []struct {
		name   string
		data   func(t *testing.T) []byte
		field  string
		reason string // a fragment of the error the sender reads
	}{
		{"unknown top-level field", edited(func(r map[string]any) { r["colour"] = "red" }), "colour", "unknown field"},
		{"unknown nested field", edited(func(r map[string]any) { vehicleOf(r)["colour"] = "red" }), "vehicle.colour", "unknown field"},
		{"unknown field in the assistance", edited(func(r map[string]any) {
			vehicleOf(r)["assistance"].(map[string]any)["phone"] = "+33"
		}), "vehicle.assistance.phone", "unknown field"},
		{"unknown field in a prior case", edited(func(r map[string]any) {
			r["prior_cases"] = []any{map[string]any{"at": "2026-01-14T07:40:00Z", "nature": "battery_12v", "cost": 3}}
		}), "prior_cases[0].cost", "unknown field"},
		{"warranty without a manager", edited(func(r map[string]any) {
			vehicleOf(r)["warranty"] = map[string]any{"program": "opteven-premium"}
		}), "vehicle.warranty.manager", "is required"},
		{"warranty with a bad program id", edited(func(r map[string]any) {
			vehicleOf(r)["warranty"] = map[string]any{"manager": "opteven", "program": "Opteven Premium"}
		}), "vehicle.warranty.program", "warranty program id"},
		{"unknown field in the warranty", edited(func(r map[string]any) {
			vehicleOf(r)["warranty"] = map[string]any{"manager": "opteven", "until": "2027-01-01"}
		}), "vehicle.warranty.until", "unknown field"},
		{"missing mission_id", edited(func(r map[string]any) { delete(r, "mission_id") }), "mission_id", "is required"},
		{"empty mission_id", edited(func(r map[string]any) { r["mission_id"] = "" }), "mission_id", "got \"\""},
		{"mission_id with a space", edited(func(r map[string]any) { r["mission_id"] = "M 1004" }), "mission_id", "letters, digits"},
		{"missing vehicle vin", edited(func(r map[string]any) { delete(vehicleOf(r), "vin") }), "vehicle.vin", "is required"},
		{"missing assistance provider", edited(func(r map[string]any) {
			delete(vehicleOf(r)["assistance"].(map[string]any), "provider")
		}), "vehicle.assistance.provider", "is required"},
		{"unknown vehicle kind", edited(func(r map[string]any) { vehicleOf(r)["kind"] = "vintage" }), "vehicle.kind", "unknown vehicle kind \"vintage\""},
		{"unknown energy", edited(func(r map[string]any) { vehicleOf(r)["energy"] = "hydrogen" }), "vehicle.energy", "unknown energy \"hydrogen\""},
		{"unknown usage", edited(func(r map[string]any) { vehicleOf(r)["usage"] = "racing" }), "vehicle.usage", "unknown usage"},
		{"unknown assistance type", edited(func(r map[string]any) {
			vehicleOf(r)["assistance"].(map[string]any)["type"] = "dealer"
		}), "vehicle.assistance.type", "unknown assistance type"},
		{"lat 91", edited(func(r map[string]any) { locationOf(r)["lat"] = 91 }), "location.lat", "between -90 and 90"},
		{"lon -181", edited(func(r map[string]any) { locationOf(r)["lon"] = -181 }), "location.lon", "between -180 and 180"},
		{"country France", edited(func(r map[string]any) { locationOf(r)["country"] = "France" }), "location.country", "two-letter code"},
		{"country in lower case", edited(func(r map[string]any) { locationOf(r)["country"] = "fr" }), "location.country", "two-letter code"},
		{"registration country France", edited(func(r map[string]any) { vehicleOf(r)["registration_country"] = "France" }), "vehicle.registration_country", "two-letter code"},
		{"owner id with a space", edited(func(r map[string]any) { vehicleOf(r)["owner_id"] = "Lease Co" }), "vehicle.owner_id", "owner id"},
		{"VIN too short", edited(func(r map[string]any) { vehicleOf(r)["vin"] = "LGXCE4CB0P000000" }), "vehicle.vin", "17 characters"},
		{"VIN with an O", edited(func(r map[string]any) { vehicleOf(r)["vin"] = "LGXCE4CBOP0000001" }), "vehicle.vin", "no I, O or Q"},
		{"VIN in lower case", edited(func(r map[string]any) { vehicleOf(r)["vin"] = "lgxce4cb0p0000001" }), "vehicle.vin", "17 characters"},
		{"empty plate", edited(func(r map[string]any) { vehicleOf(r)["plate"] = " " }), "vehicle.plate", "registration plate"},
		{"negative weight", edited(func(r map[string]any) { vehicleOf(r)["weight_kg"] = -1 }), "vehicle.weight_kg", "between 0 and 60000"},
		{"negative home distance", edited(func(r map[string]any) { r["home_distance_km"] = -5 }), "home_distance_km", "between 0 and 40000"},
		{"at not RFC 3339", edited(func(r map[string]any) { r["at"] = "2026-03-10 08:15" }), "at", "RFC 3339"},
		{"at without a zone", edited(func(r map[string]any) { r["at"] = "2026-03-10T08:15:00" }), "at", "RFC 3339"},
		{"at empty", edited(func(r map[string]any) { r["at"] = "" }), "at", "is required"},
		{"delivered_on 01/06/2025", edited(func(r map[string]any) { vehicleOf(r)["delivered_on"] = "01/06/2025" }), "vehicle.delivered_on", "YYYY-MM-DD"},
		{"delivered after the breakdown", edited(func(r map[string]any) { vehicleOf(r)["delivered_on"] = "2026-04-01" }), "vehicle.delivered_on", "must not be after the breakdown"},
		{"reported_at before at", edited(func(r map[string]any) { r["reported_at"] = "2026-03-10T08:14:59Z" }), "reported_at", "must not be before at"},
		{"reported_at not RFC 3339", edited(func(r map[string]any) { r["reported_at"] = "yesterday" }), "reported_at", "RFC 3339"},
		{"prior case with an unknown nature", edited(func(r map[string]any) {
			r["prior_cases"] = []any{map[string]any{"at": "2026-01-14T07:40:00Z", "nature": "gremlins"}}
		}), "prior_cases[0].nature", "unknown nature \"gremlins\""},
		{"prior case with an unknown origin", edited(func(r map[string]any) {
			r["prior_cases"] = []any{map[string]any{"at": "2026-01-14T07:40:00Z", "nature": "keys", "origin": "bad_luck"}}
		}), "prior_cases[0].origin", "unknown origin \"bad_luck\""},
		{"prior case with an unknown handler", edited(func(r map[string]any) {
			r["prior_cases"] = []any{map[string]any{"at": "2026-01-14T07:40:00Z", "nature": "keys", "handler": "valet"}}
		}), "prior_cases[0].handler", "unknown handler \"valet\""},
		{"second prior case with an unknown nature", edited(func(r map[string]any) {
			r["prior_cases"] = []any{
				map[string]any{"at": "2026-01-14T07:40:00Z", "nature": "battery_12v"},
				map[string]any{"at": "2026-02-14T07:40:00Z", "nature": "gremlins"},
			}
		}), "prior_cases[1].nature", "unknown nature"},
		{"prior case after the breakdown", edited(func(r map[string]any) {
			r["prior_cases"] = []any{map[string]any{"at": "2026-04-14T07:40:00Z", "nature": "battery_12v"}}
		}), "prior_cases[0].at", "must be before the breakdown"},
		{"prior case without at", edited(func(r map[string]any) {
			r["prior_cases"] = []any{map[string]any{"nature": "battery_12v"}}
		}), "prior_cases[0].at", "is required"},
		{"weight_kg as a string", edited(func(r map[string]any) { vehicleOf(r)["weight_kg"] = "2150" }), "vehicle.weight_kg", "must be a JSON number"},
		{"drivable as a string", edited(func(r map[string]any) { r["drivable"] = "no" }), "drivable", "must be a JSON boolean"},
		{"symptoms as a string", edited(func(r map[string]any) { r["symptoms"] = "no_start" }), "symptoms", "must be a JSON array"},
		{"missing drivable", edited(func(r map[string]any) { delete(r, "drivable") }), "drivable", "is required"},
		{"missing symptoms", edited(func(r map[string]any) { delete(r, "symptoms") }), "symptoms", "is required"},
		{"empty symptoms", edited(func(r map[string]any) { r["symptoms"] = []any{} }), "symptoms", "at least one"},
		{"null symptoms", edited(func(r map[string]any) { r["symptoms"] = nil }), "symptoms", "must not be null"},
		{"symptom not a word", edited(func(r map[string]any) { r["symptoms"] = []any{"no_start", "Engine Noise"} }), "symptoms[1]", "lower-case word"},
		{"missing location", edited(func(r map[string]any) { delete(r, "location") }), "location", "is required"},
		{"trailing garbage", raw(p04Report + " xyz"), "", "not valid JSON"},
		{"two documents", raw(p04Report + p04Report), "", "not valid JSON"},
		{"trailing brace", raw(p04Report + "}"), "", "invalid character"},
		{"not JSON", raw("mission M-1004 broke down"), "", "not valid JSON"},
		{"empty body", raw(""), "", "not valid JSON"},
		{"truncated", raw(p04Report[:200]), "", "not valid JSON"},
		{"an array, not an object", raw("[" + p04Report + "]"), "", "must be a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := contract.ParseReport(tc.data(t))
			require.Error(t, err)
			assert.Equal(t, contract.Report{}, r, "nothing is returned with an error")
			assert.Equal(t, tc.field, strictjson.FirstField(err), "error: %v", err)
			var fe *strictjson.FieldError
			require.True(t, errors.As(err, &fe), "every error is a *strictjson.FieldError: %T %v", err, err)
			assert.Contains(t, err.Error(), tc.reason)
			if tc.field != "" {
				assert.True(t, strings.HasPrefix(err.Error(), tc.field+": "), "the message starts with the field: %v", err)
			}
		})
	}
}

func edited(edit func(r map[string]any)) func(t *testing.T) []byte {
	return func(t *testing.T) []byte { return p04With(t, edit) }
}

func raw(s string) func(t *testing.T) []byte {
	return func(*testing.T) []byte { return []byte(s) }
}

// TestParseReportListsEveryProblem: a report with several wrong fields names them
// all, so the valet's app can show them at once.
func TestParseReportListsEveryProblem(t *testing.T) {
	data := p04With(t, func(r map[string]any) {
		vehicleOf(r)["kind"] = "vintage"
		locationOf(r)["lat"] = 91
		r["symptoms"] = []any{}
	})
	_, err := contract.ParseReport(data)
	require.Error(t, err)
	assert.Equal(t, []string{"vehicle.kind", "location.lat", "symptoms"}, fieldsOf(t, err))
}

// TestParseReportMissingFieldsInOrder: when several required fields are missing,
// the first one named is the same every time (the order of the fields).
func TestParseReportMissingFieldsInOrder(t *testing.T) {
	data := p04With(t, func(r map[string]any) {
		delete(r, "mission_id")
		delete(r, "client_id")
		delete(r, "valet_id")
		delete(r, "drivable")
	})
	seen := map[string]bool{}
	for range 50 {
		_, err := contract.ParseReport(data)
		require.Error(t, err)
		assert.ElementsMatch(t, []string{"mission_id", "client_id", "valet_id", "drivable"}, fieldsOf(t, err))
		seen[strictjson.FirstField(err)] = true
	}
	if len(seen) > 1 || !seen["mission_id"] {
		t.Fatalf("strictjson.Decode reports missing required fields in random order (ranges over a map); strictjson.FirstField gave %v over 50 runs, expected always mission_id", seen)
	}
}

func TestDecideRequestValidate(t *testing.T) {
	offered := []contract.Option{
		{Option: "tow", PriceEUR: 180, Provider: "res-assistance"},
		{Option: "on_site_repair", PriceEUR: 95, Provider: "res-assistance"},
	}
	tests := []struct {
		name     string
		req      contract.DecideRequest
		approval string
		field    string // "" with a non-empty reason: refused without a field
		reason   string // "" : accepted
	}{
		{"choose an offered option", contract.DecideRequest{Choose: "tow", By: "fleet manager"}, contract.ApprovalPending, "", ""},
		{"decline", contract.DecideRequest{Decline: true}, contract.ApprovalPending, "", ""},
		{"option not offered", contract.DecideRequest{Choose: "helicopter"}, contract.ApprovalPending, "choose", "\"helicopter\" was not offered; the options are tow (180.00 EUR), on_site_repair (95.00 EUR)"},
		{"option in the wrong case", contract.DecideRequest{Choose: "Tow"}, contract.ApprovalPending, "choose", "was not offered"},
		{"choose and decline together", contract.DecideRequest{Choose: "tow", Decline: true}, contract.ApprovalPending, "choose", "cannot choose an option and decline at once"},
		{"neither choose nor decline", contract.DecideRequest{}, contract.ApprovalPending, "choose", "name one of the offered options (tow (180.00 EUR), on_site_repair (95.00 EUR))"},
		{"decided twice: approved", contract.DecideRequest{Choose: "tow"}, contract.Approved("tow"), "", "already taken (approved:tow)"},
		{"decided twice: declined", contract.DecideRequest{Decline: true}, contract.ApprovalDeclined, "", "already taken (declined)"},
		{"too late: expired", contract.DecideRequest{Choose: "tow"}, contract.ApprovalExpired, "", "already taken (expired)"},
		{"nothing pending", contract.DecideRequest{Choose: "tow"}, contract.ApprovalNotRequired, "", "no paid option is waiting"},
		{"nothing pending yet", contract.DecideRequest{Decline: true}, "", "", "no paid option is waiting"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate(offered, tc.approval)
			if tc.reason == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err))
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}

func TestCancelRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		req    contract.CancelRequest
		fields []string
	}{
		{"client cancels", contract.CancelRequest{By: contract.CancelledByClient, Reason: "mission no longer needed"}, nil},
		{"ops cancel", contract.CancelRequest{By: contract.CancelledByOps, Reason: "duplicate case"}, nil},
		{"the valet cannot cancel", contract.CancelRequest{By: "valet", Reason: "tired"}, []string{"by"}},
		{"nobody named", contract.CancelRequest{Reason: "x"}, []string{"by"}},
		{"no reason", contract.CancelRequest{By: "client"}, []string{"reason"}},
		{"blank reason", contract.CancelRequest{By: "ops", Reason: "   "}, []string{"reason"}},
		{"both wrong", contract.CancelRequest{By: "Client"}, []string{"by", "reason"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.fields, fieldsOf(t, err))
		})
	}
}

func TestMilestoneValidate(t *testing.T) {
	ok := contract.Milestone{EventID: "e-1", AssignmentID: "a-1", Provider: "byd-assistance", Kind: contract.MilestoneOnSite}
	with := func(edit func(m *contract.Milestone)) contract.Milestone {
		m := ok
		edit(&m)
		return m
	}
	tests := []struct {
		name   string
		m      contract.Milestone
		fields []string
	}{
		{"on site", ok, nil},
		{"towed with a destination and an estimate", with(func(m *contract.Milestone) {
			m.Kind, m.Destination, m.RepairDays = contract.MilestoneTowed, "authorised_repairer", 5
		}), nil},
		{"en route with an ETA", with(func(m *contract.Milestone) { m.Kind, m.ETASeconds = contract.MilestoneEnRoute, 600 }), nil},
		{"gone on arrival", with(func(m *contract.Milestone) { m.Kind = contract.MilestoneGoneOnArrival }), nil},
		{"no event id", with(func(m *contract.Milestone) { m.EventID = " " }), []string{"event_id"}},
		{"no assignment id", with(func(m *contract.Milestone) { m.AssignmentID = "" }), []string{"assignment_id"}},
		{"unknown kind", with(func(m *contract.Milestone) { m.Kind = "arrived" }), []string{"kind"}},
		{"towed nowhere", with(func(m *contract.Milestone) { m.Kind = contract.MilestoneTowed }), []string{"destination"}},
		{"negative repair estimate", with(func(m *contract.Milestone) {
			m.Kind, m.Destination, m.RepairDays = contract.MilestoneTowed, "authorised_repairer", -1
		}), []string{"repair_days"}},
		{"everything missing", contract.Milestone{}, []string{"event_id", "assignment_id", "kind"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.fields, fieldsOf(t, err))
		})
	}
}

func TestMilestoneFinalAndDescribe(t *testing.T) {
	final := map[contract.MilestoneKind]bool{
		contract.MilestoneEnRoute: false, contract.MilestoneOnSite: false, contract.MilestoneUnsuccessful: false,
		contract.MilestoneRepaired: true, contract.MilestoneTowed: true, contract.MilestoneGoneOnArrival: true,
	}
	for k, want := range final {
		assert.Equal(t, want, k.Final(), k)
		assert.True(t, k.Valid(), k)
	}
	m := contract.Milestone{Provider: "byd-assistance", Kind: contract.MilestoneTowed, Destination: "authorised_repairer", RepairDays: 5}
	assert.Equal(t, "byd-assistance reports towed to authorised_repairer (repair estimated at 5 days)", m.Describe())
	assert.Equal(t, "res-assistance reports on_site", contract.Milestone{
		Provider: "res-assistance",
		Kind:     contract.MilestoneOnSite,
	}.Describe())
}

func TestUsageCanonical(t *testing.T) {
	tests := map[contract.Usage]contract.Usage{
		"commercial_passenger_transport": contract.UsagePassengerTransport,
		"commercial_transport":           contract.UsagePassengerTransport,
		"ride_hailing":                   contract.UsagePassengerTransport,
		"fire_service":                   contract.UsageFire,
		"delivery":                       contract.UsageExpressDelivery,
		"car_rental":                     contract.UsageRental,
		// Canonical usages stay as they are.
		"private":             contract.UsagePrivate,
		"taxi":                contract.UsageTaxi,
		"passenger_transport": contract.UsagePassengerTransport,
		"express_delivery":    contract.UsageExpressDelivery,
		"rental":              contract.UsageRental,
		"":                    "",
	}
	for in, want := range tests {
		t.Run(string(in), func(t *testing.T) {
			assert.Equal(t, want, in.Canonical())
			if in != "" {
				assert.True(t, in.Valid(), "an alias is a usage a report may name")
				assert.True(t, in.Canonical().Valid())
			}
		})
	}
	assert.False(t, contract.Usage("racing").Valid())
	assert.Equal(t, contract.Usage("racing"), contract.Usage("racing").Canonical())
}
