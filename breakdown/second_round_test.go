package breakdown_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/breakdown"
	"github.com/valetops/assistance/contract/strictjson"
)

// Seed 000, section 6: "la mission peut être poursuivie si le véhicule est
// roulant et conforme".
func TestNonCompliance(t *testing.T) {
	tests := []struct {
		name     string
		nature   breakdown.Nature
		symptoms []string
		// part is a fragment of what makes it non-compliant; "" when compliant.
		part string
	}{
		{"a jammed seat belt, whatever the nature", breakdown.NatureOther, []string{"seat_belt_jammed"}, "seat belt"},
		{"ops qualified seat belts", breakdown.NatureSeatBelts, []string{"warning_light"}, "seat belts"},
		{"headlights out", breakdown.NatureElectrical, []string{"headlight_out"}, "headlights"},
		{"headlights by nature", breakdown.NatureHeadlights, []string{"dark"}, "headlights"},
		{"brakes", breakdown.NatureOther, []string{"brake_failure"}, "brakes"},
		{"brake fluid is the brakes", breakdown.NatureBrakeFluid, []string{"warning_light"}, "brake fluid"},
		{"steering", breakdown.NatureSteering, []string{"pulls_left"}, "steering"},
		{"a cracked windscreen", breakdown.NatureOther, []string{"windscreen_cracked"}, "windscreen"},
		{"windshield (US word)", breakdown.NatureOther, []string{"windshield_broken"}, "windscreen"},
		{"a kerb strike is compliant", breakdown.NatureOther, []string{"kerb_strike", "wheel_damage"}, ""},
		{"an engine warning is compliant", breakdown.NatureWarningLight, []string{"warning_light"}, ""},
		{"a flat 12 V battery is compliant", breakdown.NatureBattery12V, []string{"battery_flat"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := breakdown.NonCompliance(tc.nature, tc.symptoms)
			if tc.part == "" {
				assert.Empty(t, got)
				return
			}
			assert.Contains(t, got, tc.part)
		})
	}
}

func TestWithComplianceWhoeverQualified(t *testing.T) {
	for _, by := range []string{breakdown.QualifiedByOps, breakdown.QualifiedByRules} {
		t.Run(by, func(t *testing.T) {
			q := breakdown.Qualification{
				Origin:   breakdown.OriginMechanical,
				Nature:   breakdown.NatureSeatBelts,
				Drivable: true,
				By:       by,
				Reason:   "given",
			}
			assert.True(t, q.CanGoOn(), "before the check, drivable is enough")
			q = q.WithCompliance([]string{"seat_belt_jammed"})
			assert.True(t, q.Drivable, "it still drives: roulant")
			assert.False(t, q.CanGoOn(), "but not conforme: it needs assistance")
			assert.Contains(t, q.Reason, "not compliant")
			assert.Contains(t, q.Reason, "although it drives")

			ok := breakdown.Qualification{Nature: breakdown.NatureOther, Drivable: true, By: by}.WithCompliance([]string{"kerb_strike"})
			assert.True(t, ok.CanGoOn())
			assert.Empty(t, ok.NonCompliance)
		})
	}
	notDrivable := breakdown.Qualification{Nature: breakdown.NatureEngine}.WithCompliance([]string{"engine_stalled"})
	assert.False(t, notDrivable.CanGoOn(), "not drivable: no assistance-free way on")
}

func TestQuoteFallbackRoute(t *testing.T) {
	primary := breakdown.Route{
		Handler:     breakdown.HandlerManufacturer,
		Provider:    "byd-assistance",
		Payer:       breakdown.PayerManufacturer,
		PaidOptions: true,
	}
	alt, ok := breakdown.QuoteFallbackRoute(primary, "is unreachable")
	require.True(t, ok)
	assert.Equal(t, breakdown.OperatorPartner, alt.Provider)
	assert.Equal(t, breakdown.HandlerOperatorArranged, alt.Handler)
	assert.Equal(t, breakdown.PayerClient, alt.Payer, "the client approves and pays")
	assert.True(t, alt.PaidOptions)
	assert.Contains(t, alt.Reason, "byd-assistance is unreachable")

	_, ok = breakdown.QuoteFallbackRoute(alt, "is unreachable")
	assert.False(t, ok, "the operator's partner has no alternative of its own")
}

func TestTaxiRoute(t *testing.T) {
	r := breakdown.TaxiRoute()
	assert.Equal(t, breakdown.OperatorPartner, r.Provider)
	assert.Equal(t, breakdown.PayerOperator, r.Payer)
}

func TestValetErrorRouteWhateverTheVehicle(t *testing.T) {
	for _, drivable := range []bool{true, false} {
		r := breakdown.RouteCase(breakdown.Qualification{Origin: breakdown.OriginValetError, Nature: breakdown.NatureOther, Drivable: drivable},
			breakdown.Vehicle{
				Kind:       breakdown.KindUsed,
				Assistance: &breakdown.VehicleAssistance{Type: breakdown.AssistanceInsurer, Provider: "mutual-assistance"},
			})
		assert.Equal(t, breakdown.HandlerOperatorPartner, r.Handler)
		assert.Equal(t, breakdown.PayerOperator, r.Payer)
		assert.Equal(t, breakdown.LiabilityValet, r.Liability)
		d := breakdown.DecideMission(breakdown.MissionFacts{
			Origin:         breakdown.OriginValetError,
			Drivable:       drivable,
			Final:          breakdown.MilestoneTowed,
			TowDestination: "operator_site",
		})
		assert.Equal(t, breakdown.MissionStopped, d.Mission, "drivable=%t", drivable)
	}
}

func TestFixedByPhone(t *testing.T) {
	m := breakdown.Milestone{EventID: "e1", AssignmentID: "a1", Kind: breakdown.MilestoneFixedByPhone}
	require.NoError(t, m.Validate())
	assert.True(t, m.Kind.Final(), "phone help ends the provider's work: no vehicle is sent")
	d := breakdown.DecideMission(breakdown.MissionFacts{Origin: breakdown.OriginMechanical, Final: breakdown.MilestoneFixedByPhone})
	assert.Equal(t, breakdown.MissionResumed, d.Mission)
}

func TestTowSeats(t *testing.T) {
	seats := func(n int) *int { return &n }
	tests := []struct {
		name  string
		m     breakdown.Milestone
		taxi  bool
		field string
	}{
		{"no seat: a taxi", breakdown.Milestone{Kind: breakdown.MilestoneTowed, Seats: seats(0)}, true, ""},
		{"one seat", breakdown.Milestone{Kind: breakdown.MilestoneTowed, Seats: seats(1)}, false, ""},
		{"unknown: a seat is assumed", breakdown.Milestone{Kind: breakdown.MilestoneTowed}, false, ""},
		{"negative seats", breakdown.Milestone{Kind: breakdown.MilestoneTowed, Seats: seats(-1)}, false, "seats"},
		{"not a tow", breakdown.Milestone{Kind: breakdown.MilestoneRepaired, Seats: seats(0)}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.m.EventID, tc.m.AssignmentID, tc.m.Destination = "e1", "a1", "garage"
			assert.Equal(t, tc.taxi, tc.m.ValetNeedsTaxi())
			err := tc.m.Validate()
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err))
		})
	}
	assert.Contains(t, breakdown.Milestone{
		Provider:    "p",
		Kind:        breakdown.MilestoneTowed,
		Destination: "garage",
		Seats:       seats(0),
	}.Describe(), "no seat")
}

func TestReportWithoutPosition(t *testing.T) {
	r, err := breakdown.ParseReport(p04With(t, func(r map[string]any) {
		delete(locationOf(r), "lat")
		delete(locationOf(r), "lon")
	}))
	require.NoError(t, err, "a country without coordinates is a valid location")
	assert.False(t, r.Location.HasPosition())
	assert.Contains(t, r.Location.Describe(), "unknown position (FR)")

	located := r.Location.WithPosition(45.1885, 5.7245)
	lat, lon, ok := located.Position()
	assert.True(t, ok)
	assert.Equal(t, 45.1885, lat)
	assert.Equal(t, 5.7245, lon)
	assert.False(t, r.Location.HasPosition(), "WithPosition leaves the original alone")

	for _, tc := range []struct {
		name, field string
		edit        func(map[string]any)
	}{
		{"lat without lon", "location.lon", func(r map[string]any) { delete(locationOf(r), "lon") }},
		{"lon without lat", "location.lat", func(r map[string]any) { delete(locationOf(r), "lat") }},
		{"no country", "location.country", func(r map[string]any) {
			delete(locationOf(r), "lat")
			delete(locationOf(r), "lon")
			delete(locationOf(r), "country")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := breakdown.ParseReport(p04With(t, tc.edit))
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err))
		})
	}
}

func TestLocateRequestValidate(t *testing.T) {
	acc := func(v float64) *float64 { return &v }
	tests := []struct {
		name  string
		req   breakdown.LocateRequest
		field string
	}{
		{"the valet's phone", breakdown.LocateRequest{Lat: 45.1885, Lon: 5.7245, AccuracyM: acc(12), Source: breakdown.LocatedByValet}, ""},
		{"ops by hand", breakdown.LocateRequest{Lat: -33.9, Lon: 151.2, Source: breakdown.LocatedByOps}, ""},
		{"latitude out of range", breakdown.LocateRequest{Lat: 91, Lon: 0, Source: breakdown.LocatedByOps}, "lat"},
		{"longitude out of range", breakdown.LocateRequest{Lat: 0, Lon: 181, Source: breakdown.LocatedByOps}, "lon"},
		{"negative accuracy", breakdown.LocateRequest{Lat: 0, Lon: 0, AccuracyM: acc(-1), Source: breakdown.LocatedByValet}, "accuracy_m"},
		{"unknown source", breakdown.LocateRequest{Lat: 0, Lon: 0, Source: "client"}, "source"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err))
		})
	}
}
