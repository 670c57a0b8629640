package contract_test

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

func TestFixedByPhone(t *testing.T) {
	m := contract.Milestone{EventID: "e1", AssignmentID: "a1", Kind: contract.MilestoneFixedByPhone}
	require.NoError(t, m.Validate())
	assert.True(t, m.Kind.Final(), "phone help ends the provider's work: no vehicle is sent")
	d := rules.DecideMission(rules.MissionFacts{Origin: contract.OriginMechanical, Final: contract.MilestoneFixedByPhone})
	assert.Equal(t, contract.MissionResumed, d.Mission)
}

func TestTowSeats(t *testing.T) {
	seats := func(n int) *int { return &n }
	tests := []struct {
		name  string
		m     contract.Milestone
		taxi  bool
		field string
	}{
		{"no seat: a taxi", contract.Milestone{Kind: contract.MilestoneTowed, Seats: seats(0)}, true, ""},
		{"one seat", contract.Milestone{Kind: contract.MilestoneTowed, Seats: seats(1)}, false, ""},
		{"unknown: a seat is assumed", contract.Milestone{Kind: contract.MilestoneTowed}, false, ""},
		{"negative seats", contract.Milestone{Kind: contract.MilestoneTowed, Seats: seats(-1)}, false, "seats"},
		{"not a tow", contract.Milestone{Kind: contract.MilestoneRepaired, Seats: seats(0)}, false, ""},
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
	assert.Contains(t, contract.Milestone{
		Provider:    "p",
		Kind:        contract.MilestoneTowed,
		Destination: "garage",
		Seats:       seats(0),
	}.Describe(), "no seat")
}

func TestReportWithoutPosition(t *testing.T) {
	r, err := contract.ParseReport(p04With(t, func(r map[string]any) {
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
			_, err := contract.ParseReport(p04With(t, tc.edit))
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err))
		})
	}
}

func TestLocateRequestValidate(t *testing.T) {
	acc := func(v float64) *float64 { return &v }
	tests := []struct {
		name  string
		req   contract.LocateRequest
		field string
	}{
		{"the valet's phone", contract.LocateRequest{Lat: 45.1885, Lon: 5.7245, AccuracyM: acc(12), Source: contract.LocatedByValet}, ""},
		{"ops by hand", contract.LocateRequest{Lat: -33.9, Lon: 151.2, Source: contract.LocatedByOps}, ""},
		{"latitude out of range", contract.LocateRequest{Lat: 91, Lon: 0, Source: contract.LocatedByOps}, "lat"},
		{"longitude out of range", contract.LocateRequest{Lat: 0, Lon: 181, Source: contract.LocatedByOps}, "lon"},
		{"negative accuracy", contract.LocateRequest{Lat: 0, Lon: 0, AccuracyM: acc(-1), Source: contract.LocatedByValet}, "accuracy_m"},
		{"unknown source", contract.LocateRequest{Lat: 0, Lon: 0, Source: "client"}, "source"},
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
