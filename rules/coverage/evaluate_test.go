package coverage

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var allBasic = []contract.Service{contract.ServicePhoneHelp, contract.ServiceOnSiteRepair, contract.ServiceTow}

type evalCase struct {
	name     string
	program  string // default byd-eu
	nature   contract.Nature
	edit     func(*contract.Report)
	coverage string
	reason   string // a substring of Result.Reason
}

func runEval(t *testing.T, cases []evalCase) {
	t.Helper()
	cat := builtin(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := tc.program
			if id == "" {
				id = "byd-eu"
			}
			nature := tc.nature
			if nature == "" {
				nature = contract.NatureEngine
			}
			res := Evaluate(cat[id], input(t, nature, tc.edit))
			assert.Equal(t, tc.coverage, res.Coverage, res.Reason)
			assert.Equal(t, tc.coverage == Covered || tc.coverage == Limited, res.Covered)
			if tc.reason != "" {
				assert.Contains(t, res.Reason, tc.reason)
			}
			if !res.Covered {
				assert.Empty(t, res.Services)
				assert.False(t, res.AdditionalServices)
			}
		})
	}
}

func located(country string, lat, lon float64) func(*contract.Report) {
	return func(r *contract.Report) {
		r.Location = contract.Location{Country: country, PublicRoad: r.Location.PublicRoad}.WithPosition(lat, lon)
	}
}

func TestZone(t *testing.T) {
	out := NotCovered(ReasonOutOfZone)
	runEval(t, []evalCase{
		{name: "France", edit: located("FR", 45.76, 4.83), coverage: Covered},
		{name: "Turkey is not listed", edit: located("TR", 41.0, 28.97), coverage: out, reason: "TR is outside the coverage zone (BYD Pan-European Roadside Assistance, section II, coverage zone)"},
		{name: "Greenland is excluded from Denmark", edit: located("GL", 64.18, -51.72), coverage: out, reason: "Greenland (GL) is excluded"},
		{name: "Denmark itself", edit: located("DK", 55.68, 12.57), coverage: Covered},
		{name: "Caribbean Netherlands are excluded", edit: located("BQ", 12.15, -68.27), coverage: out, reason: "Caribbean Netherlands"},
		{name: "mainland Portugal", edit: located("PT", 38.72, -9.14), coverage: Covered},
		{name: "Madeira is included", edit: located("PT", 32.65, -16.91), coverage: Covered},
		{name: "the Azores are excluded", edit: located("PT", 37.74, -25.67), coverage: out, reason: "is in Azores (PT), excluded"},
		{name: "Corvo, westmost Azores island", edit: located("PT", 39.70, -31.11), coverage: out},
		{name: "San Marino with Italy", edit: located("SM", 43.94, 12.45), coverage: Covered},
		{name: "Vatican with Italy", edit: located("VA", 41.90, 12.45), coverage: Covered},
		{name: "Andorra with Spain", edit: located("AD", 42.51, 1.52), coverage: Covered},
		{name: "Gibraltar with Spain", edit: located("GI", 36.14, -5.35), coverage: Covered},
		{name: "Isle of Man with the UK", edit: located("IM", 54.15, -4.48), coverage: Covered},
		{name: "Jersey with the UK", edit: located("JE", 49.21, -2.13), coverage: Covered},
		{name: "Guernsey with the UK", edit: located("GG", 49.45, -2.54), coverage: Covered},
		{name: "Iceland", edit: located("IS", 64.15, -21.94), coverage: Covered},
		{name: "Faroe Islands are not named", edit: located("FO", 62.01, -6.77), coverage: out},
		{name: "Monaco is not named by BYD", edit: located("MC", 43.73, 7.42), coverage: out},
		{name: "leaseco: Monaco is in", program: "leaseco-care", edit: located("MC", 43.73, 7.42), coverage: Covered},
		{name: "leaseco: Corsica is out", program: "leaseco-care", edit: located("FR", 41.93, 8.74), coverage: out, reason: "Corsica"},
		{name: "leaseco: Portugal is out", program: "leaseco-care", edit: located("PT", 38.72, -9.14), coverage: out},
	})
}

func delivered(on string, maintenance bool) func(*contract.Report) {
	return func(r *contract.Report) { r.Vehicle.DeliveredOn, r.Vehicle.MaintenanceFollowed = on, maintenance }
}

func TestValidity(t *testing.T) {
	// The breakdown is on 2026-03-10.
	expired := NotCovered(ReasonExpired)
	runEval(t, []evalCase{
		{name: "23 months, no maintenance", edit: delivered("2024-04-10", false), coverage: Covered, reason: "23 months after delivery, within the 24 months of validity (24, maintenance plan not followed)"},
		{name: "one day short of 24 months, no maintenance", edit: delivered("2024-03-11", false), coverage: Covered},
		{name: "24 months to the day, no maintenance", edit: delivered("2024-03-10", false), coverage: expired, reason: "ended on 2026-03-09"},
		{name: "25 months, no maintenance", edit: delivered("2024-02-10", false), coverage: expired,
			reason: "delivered on 2024-02-10, 25 months before the breakdown: the program lasts 24 months (24, maintenance plan not followed) and ended on 2026-02-09 (BYD Pan-European Roadside Assistance, section III, validity)"},
		{name: "25 months, maintenance followed", edit: delivered("2024-02-10", true), coverage: Covered, reason: "within the 48 months of validity (24 + 12 + 12)"},
		{name: "37 months, maintenance followed", edit: delivered("2023-02-10", true), coverage: Covered},
		{name: "37 months, no maintenance", edit: delivered("2023-02-10", false), coverage: expired},
		{name: "47 months, maintenance followed", edit: delivered("2022-04-10", true), coverage: Covered},
		{name: "49 months, maintenance followed", edit: delivered("2022-02-10", true), coverage: expired, reason: "the program lasts 48 months (24 + 12 + 12)"},
		{name: "no delivery date", edit: delivered("", false), coverage: Covered, reason: "delivery date unknown"},
		{name: "leaseco: 59 months, no extension", program: "leaseco-care", edit: delivered("2021-04-10", false), coverage: Covered},
		{name: "leaseco: 61 months", program: "leaseco-care", edit: delivered("2021-02-10", true), coverage: expired},
	})
}

func TestValidityLeapDay(t *testing.T) {
	v := Validity{Months: 24}
	end, ok := v.End(contract.Vehicle{DeliveredOn: "2024-02-29"})
	require.True(t, ok)
	assert.Equal(t, "2026-03-01", end.Format(contract.DateLayout), "29 Feb + 24 months: covered through 28 Feb")
}

func usage(u contract.Usage) func(*contract.Report) {
	return func(r *contract.Report) { r.Vehicle.Usage = u }
}

func TestUsageRestrictions(t *testing.T) {
	cat := builtin(t)
	excluded := []contract.Usage{"passenger_transport", "express_delivery", "commercial_passenger_transport", "ride_hailing", "commercial_transport", "delivery"}
	for _, u := range excluded {
		res := Evaluate(cat["byd-eu"], input(t, contract.NatureEngine, usage(u)))
		assert.Equal(t, NotCovered(ReasonExcludedUsage), res.Coverage, u)
		assert.Contains(t, res.Reason, "section II, vehicle", u)
	}
	restricted := []contract.Usage{"taxi", "driving_school", "police", "fire", "fire_service", "ambulance", "postal", "rental", "car_rental"}
	for _, u := range restricted {
		res := Evaluate(cat["byd-eu"], input(t, contract.NatureEngine, usage(u)))
		assert.Equal(t, Covered, res.Coverage, u)
		assert.Equal(t, []contract.Service{contract.ServiceOnSiteRepair, contract.ServiceTow}, res.Services, u)
		assert.False(t, res.AdditionalServices, u)
		assert.Contains(t, res.Reason, "on-site repair and tow only", u)
	}
	for _, u := range []contract.Usage{"", "private", "company"} {
		res := Evaluate(cat["byd-eu"], input(t, contract.NatureEngine, usage(u)))
		assert.Equal(t, Covered, res.Coverage, u)
		assert.Equal(t, allBasic, res.Services, u)
		assert.True(t, res.AdditionalServices, u)
	}
	// A restricted usage with a limited event: both restrictions apply.
	res := Evaluate(cat["byd-eu"], input(t, contract.NatureHVBatteryDischarged, usage("taxi")))
	assert.Equal(t, Limited, res.Coverage)
	assert.Equal(t, []contract.Service{contract.ServiceOnSiteRepair, contract.ServiceTow}, res.Services)
	assert.Equal(t, "charging_point", res.TowTo)
	// leaseco does not restrict taxis.
	res = Evaluate(cat["leaseco-care"], input(t, contract.NatureEngine, usage("taxi")))
	assert.Equal(t, Covered, res.Coverage)
	assert.True(t, res.AdditionalServices)
}

func TestWeight(t *testing.T) {
	cat := builtin(t)
	for _, tc := range []struct {
		kg         float64
		additional bool
	}{{2150, true}, {3500, true}, {3501, false}, {4200, false}} {
		res := Evaluate(cat["byd-eu"], input(t, contract.NatureEngine, func(r *contract.Report) { r.Vehicle.WeightKg = tc.kg }))
		assert.Equal(t, Covered, res.Coverage, tc.kg)
		assert.Equal(t, allBasic, res.Services, tc.kg)
		assert.Equal(t, tc.additional, res.AdditionalServices, tc.kg)
		if !tc.additional {
			assert.Contains(t, res.Reason, "over 3500 kg) gets roadside help only")
		}
	}
}

func TestRoadAndReporting(t *testing.T) {
	offRoad := func(r *contract.Report) { r.Location.PublicRoad = false }
	reported := func(at string) func(*contract.Report) {
		return func(r *contract.Report) { r.ReportedAt = at }
	}
	runEval(t, []evalCase{
		{name: "off a public road", edit: offRoad, coverage: NotCovered(ReasonNonPublicRoad), reason: "not on a public road"},
		{name: "leaseco serves any road", program: "leaseco-care", edit: offRoad, coverage: Covered},
		{name: "reported at once", edit: reported("2026-03-10T08:16:00Z"), coverage: Covered},
		{name: "reported 60 min later", edit: reported("2026-03-10T09:15:00Z"), coverage: Covered},
		{name: "reported 61 min later", edit: reported("2026-03-10T09:16:00Z"), coverage: NotCovered(ReasonReportedLate),
			reason: "the assistance was informed 1 h 1 min after the breakdown, more than the 1 h allowed"},
		{name: "reported the next day", edit: reported("2026-03-11T08:00:00Z"), coverage: NotCovered(ReasonReportedLate)},
		{name: "leaseco tolerates a day", program: "leaseco-care", edit: reported("2026-03-11T08:00:00Z"), coverage: Covered},
	})
}

func TestEvents(t *testing.T) {
	cat := builtin(t)
	excluded := []contract.Nature{"fuel_outage", "flat_tyre", "keys", "windscreen", "wipers", "air_conditioning",
		"alarm", "brake_fluid", "vandalism", "charging_card", "water_ingress"}
	for _, n := range excluded {
		res := Evaluate(cat["byd-eu"], input(t, n, nil))
		assert.Equal(t, NotCovered(ReasonExcludedEvent), res.Coverage, n)
		assert.Contains(t, res.Reason, "is not an eligible event (BYD Pan-European Roadside Assistance, section VI", n)
		assert.False(t, res.Covered, n)
	}
	eligible := []contract.Nature{"engine", "electrical", "transmission", "brakes", "cooling", "steering",
		"suspension", "warning_light", "accident", "attempted_theft", "fire", "wrong_fuel", "other"}
	for _, n := range eligible {
		res := Evaluate(cat["byd-eu"], input(t, n, nil))
		assert.Equal(t, Covered, res.Coverage, n)
		assert.Equal(t, allBasic, res.Services, n)
		assert.Equal(t, "authorised_repairer", res.TowTo, n)
		assert.Zero(t, res.TowMaxKm, n)
		assert.True(t, res.AdditionalServices, n)
	}
	limited := map[contract.Nature]string{"battery_12v": "authorised_repairer", "hv_battery_discharged": "charging_point",
		"headlights": "authorised_repairer", "seat_belts": "authorised_repairer"}
	for n, dest := range limited {
		res := Evaluate(cat["byd-eu"], input(t, n, nil))
		assert.Equal(t, Limited, res.Coverage, n)
		assert.True(t, res.Covered, n)
		assert.Equal(t, allBasic, res.Services, n)
		assert.False(t, res.AdditionalServices, n)
		assert.Equal(t, dest, res.TowTo, n)
		assert.Contains(t, res.Reason, "never additional services", n)
	}
	hv := Evaluate(cat["byd-eu"], input(t, contract.NatureHVBatteryDischarged, nil))
	assert.Equal(t, 50.0, hv.TowMaxKm)
	assert.Contains(t, hv.Reason, "tow to the charging point within 50 km")
	// leaseco excludes other natures and tows further.
	assert.Equal(t, Covered, Evaluate(cat["leaseco-care"], input(t, "flat_tyre", nil)).Coverage)
	assert.Equal(t, NotCovered(ReasonExcludedEvent), Evaluate(cat["leaseco-care"], input(t, "keys", nil)).Coverage)
	assert.Equal(t, 80.0, Evaluate(cat["leaseco-care"], input(t, contract.NatureHVBatteryDischarged, nil)).TowMaxKm)
}

func prior(cases ...string) func(*contract.Report) {
	return func(r *contract.Report) {
		for i := 0; i < len(cases); i += 2 {
			r.PriorCases = append(r.PriorCases, contract.PriorCase{At: cases[i], Nature: contract.Nature(cases[i+1])})
		}
	}
}

func TestHVYearlyLimit(t *testing.T) {
	hv := contract.NatureHVBatteryDischarged
	limit := NotCovered(ReasonYearlyLimit)
	runEval(t, []evalCase{
		{name: "first of the year", nature: hv, coverage: Limited, reason: "(the 1st one of 2026, at most 2 per VIN per calendar year)"},
		{name: "second of the year", nature: hv, edit: prior("2026-01-14T07:40:00Z", "hv_battery_discharged"), coverage: Limited},
		{name: "third of the year", nature: hv, edit: prior("2026-01-14T07:40:00Z", "hv_battery_discharged", "2026-02-20T18:05:00Z", "hv_battery_discharged"),
			coverage: limit, reason: "this is the 3rd hv battery discharged of 2026 for this VIN, at most 2 per VIN per calendar year"},
		{name: "one this year, one the previous year", nature: hv, edit: prior("2025-12-31T23:00:00Z", "hv_battery_discharged", "2026-02-20T18:05:00Z", "hv_battery_discharged"), coverage: Limited},
		{name: "two the previous year", nature: hv, edit: prior("2025-05-01T10:00:00Z", "hv_battery_discharged", "2025-11-20T18:05:00Z", "hv_battery_discharged"), coverage: Limited},
		{name: "other natures do not count", nature: hv, edit: prior("2026-01-14T07:40:00Z", "battery_12v", "2026-02-20T18:05:00Z", "engine"), coverage: Limited},
		{name: "12 V battery has no yearly limit", nature: contract.NatureBattery12V, edit: prior("2026-01-14T07:40:00Z", "battery_12v", "2026-02-20T18:05:00Z", "battery_12v"), coverage: Limited},
		{name: "leaseco allows 4", program: "leaseco-care", nature: hv, edit: prior("2026-01-14T07:40:00Z", "hv_battery_discharged", "2026-02-20T18:05:00Z", "hv_battery_discharged"), coverage: Limited},
	})
}

func TestPriorCasesFromInput(t *testing.T) {
	p := builtin(t)["byd-eu"]
	in := input(t, contract.NatureHVBatteryDischarged, nil)
	in.PriorCases = []contract.PriorCase{{At: "2026-01-14T07:40:00Z", Nature: "hv_battery_discharged"}, {At: "2026-02-01T07:40:00Z", Nature: "hv_battery_discharged"}}
	assert.Equal(t, NotCovered(ReasonYearlyLimit), Evaluate(p, in).Coverage)
	// nil: the report's prior cases; empty: none.
	in = input(t, contract.NatureHVBatteryDischarged, prior("2026-01-14T07:40:00Z", "hv_battery_discharged", "2026-02-20T18:05:00Z", "hv_battery_discharged"))
	in.PriorCases = nil
	assert.Equal(t, NotCovered(ReasonYearlyLimit), Evaluate(p, in).Coverage)
	in.PriorCases = []contract.PriorCase{}
	assert.Equal(t, Limited, Evaluate(p, in).Coverage)
}

func TestOrderOfChecks(t *testing.T) {
	all := func(edits ...func(*contract.Report)) func(*contract.Report) {
		return func(r *contract.Report) {
			for _, e := range edits {
				e(r)
			}
		}
	}
	turkey, taxiBus, old := located("TR", 41.0, 28.97), usage("passenger_transport"), delivered("2020-01-01", true)
	offRoad := func(r *contract.Report) { r.Location.PublicRoad = false }
	late := func(r *contract.Report) { r.ReportedAt = "2026-03-10T12:00:00Z" }
	runEval(t, []evalCase{
		{name: "zone first", nature: "flat_tyre", edit: all(turkey, taxiBus, old, offRoad, late), coverage: NotCovered(ReasonOutOfZone)},
		{name: "then usage", nature: "flat_tyre", edit: all(taxiBus, old, offRoad, late), coverage: NotCovered(ReasonExcludedUsage)},
		{name: "then validity", nature: "flat_tyre", edit: all(old, offRoad, late), coverage: NotCovered(ReasonExpired)},
		{name: "then road", nature: "flat_tyre", edit: all(offRoad, late), coverage: NotCovered(ReasonNonPublicRoad)},
		{name: "then reporting", nature: "flat_tyre", edit: late, coverage: NotCovered(ReasonReportedLate)},
		{name: "then the event", nature: "flat_tyre", coverage: NotCovered(ReasonExcludedEvent)},
		{name: "yearly limit last", nature: "hv_battery_discharged", edit: all(late, prior("2026-01-14T07:40:00Z", "hv_battery_discharged", "2026-02-20T18:05:00Z", "hv_battery_discharged")), coverage: NotCovered(ReasonReportedLate)},
	})
}

func TestCoveredReason(t *testing.T) {
	res := Evaluate(builtin(t)["byd-eu"], input(t, contract.NatureEngine, nil))
	assert.Equal(t, "Covered: engine breakdown in FR, 9 months after delivery, within the 48 months of validity (24 + 12 + 12); "+
		"phone help, on-site repair and tow to the authorised repairer, additional services after a tow if not repairable the same day "+
		"(BYD Pan-European Roadside Assistance, section V, additional services).", res.Reason)
}
