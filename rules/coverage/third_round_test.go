package coverage

import (
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

// Seed 002 VI: every event it excludes has a nature, excluded in byd-eu.
func TestEveryEventVIExcludesHasItsNature(t *testing.T) {
	p := builtin(t)["byd-eu"]
	for _, n := range []contract.Nature{
		"fuel_outage", "air_conditioning", "alarm", "brake_fluid", "windscreen", // Panne de carburant … Bris de pare-brise
		"windows", "cannot_switch_off", "marten_bite", "snow_chains", "fluids", // fenêtres, ne peuvent pas être éteints, martre, chaînes, produits
		"power_steering_fluid", "window_open", "water_ingress", "keys", "charging_card", // direction assistée, fenêtre ouverte, infiltration, clés, carte de charge
		"locks", "wipers", "flat_tyre", "vandalism", // serrure, essuie-glaces, pneus plats, vandalisme
	} {
		require.True(t, n.Valid(), n)
		assert.True(t, slices.Contains(p.Events.Excluded, n), "byd-eu excludes %s", n)
		res := Evaluate(p, input(t, n, nil))
		assert.Equal(t, NotCovered(ReasonExcludedEvent), res.Coverage, n)
	}
}

func TestTradePlates(t *testing.T) {
	trade := func(r *contract.Report) { r.Vehicle.TradePlates = true }
	runEval(t, []evalCase{
		{name: "W garage plates", edit: trade, coverage: NotCovered(ReasonTradePlates),
			reason: "the vehicle runs on red, trade, dealer or export plates (BYD Pan-European Roadside Assistance, section VI"},
		{name: "its own plates", coverage: Covered},
		{name: "leaseco says nothing of plates", program: "leaseco-care", edit: trade, coverage: Covered},
		{name: "out of zone comes first", edit: func(r *contract.Report) { trade(r); located("TR", 41.0, 28.97)(r) }, coverage: NotCovered(ReasonOutOfZone)},
		{name: "trade plates before expiry", edit: func(r *contract.Report) { trade(r); delivered("2020-01-01", false)(r) }, coverage: NotCovered(ReasonTradePlates)},
	})
}

func TestRegisteredOutsideTheZone(t *testing.T) {
	registered := func(c string) func(*contract.Report) {
		return func(r *contract.Report) { r.Vehicle.RegistrationCountry = c }
	}
	runEval(t, []evalCase{
		{name: "p29: registered in Turkey, broken down in Lyon", edit: registered("TR"), coverage: NotCovered(ReasonOutOfZone),
			reason: "the vehicle is registered in TR, outside the coverage zone: it is not a vehicle of the program (BYD Pan-European Roadside Assistance, section II, vehicle registered or sold"},
		{name: "registered in Germany", edit: registered("DE"), coverage: Covered},
		{name: "registered in Greenland", edit: registered("GL"), coverage: NotCovered(ReasonOutOfZone)},
		{name: "registered in Åland", edit: registered("AX"), coverage: Covered},
		{name: "registration unknown", edit: registered(""), coverage: Covered},
		{name: "leaseco does not look at the registration", program: "leaseco-care", edit: registered("TR"), coverage: Covered},
	})
}

func TestAlandCountsAsFinland(t *testing.T) {
	inAland := func(r *contract.Report) {
		r.Location = contract.Location{Country: "AX", PublicRoad: true}.WithPosition(60.10, 19.94)
		r.Vehicle.RegistrationCountry = "FI"
	}
	runEval(t, []evalCase{
		{name: "a Finnish car in Mariehamn", edit: inAland, coverage: Covered, reason: "engine breakdown in AX (counts as FI)"},
		{name: "leaseco: Åland is not named", program: "leaseco-care", edit: inAland, coverage: NotCovered(ReasonOutOfZone)},
	})
	p := builtin(t)["byd-eu"]
	in := input(t, contract.NatureEngine, inAland)
	assert.False(t, p.Zone.Abroad(in.Report), "a Finnish car in Åland is at home")
	ent := Entitlements(p, in, Evaluate(p, in), Tow{At: day(t, "2026-03-10", 11), RepairDays: 10})
	assert.False(t, ent.Repatriation, "no repatriation from Åland to Finland")
	fr := input(t, contract.NatureEngine, func(r *contract.Report) { inAland(r); r.Vehicle.RegistrationCountry = "FR" })
	assert.True(t, p.Zone.Abroad(fr.Report), "a French car in Åland is abroad")
	assert.True(t, Entitlements(p, fr, Evaluate(p, fr), Tow{At: day(t, "2026-03-10", 11), RepairDays: 10}).Repatriation)
}

// "Informed at once": a late report counts from the breakdown to the moment
// the case informed the vehicle's own assistance.
func TestInformedAtTheReport(t *testing.T) {
	p := builtin(t)["byd-eu"]
	at := time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		reported string
		informed time.Time
		coverage string
	}{
		{"p35: reported 50 min later, informed at the report", "2026-03-10T09:05:00Z", at.Add(50 * time.Minute), Covered},
		{"informed at the report, the reported_at default", "2026-03-10T09:05:00Z", time.Time{}, Covered},
		{"informed 70 min after the breakdown", "2026-03-10T09:05:00Z", at.Add(70 * time.Minute), NotCovered(ReasonReportedLate)},
		{"reported 61 min later", "2026-03-10T09:16:00Z", time.Time{}, NotCovered(ReasonReportedLate)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(t, contract.NatureElectrical, func(r *contract.Report) { r.ReportedAt = tc.reported })
			in.InformedAt = tc.informed
			res := Evaluate(p, in)
			assert.Equal(t, tc.coverage, res.Coverage, res.Reason)
		})
	}
}

// "Yearly counts": only earlier cases where the program's benefit was used.
func TestYearlyCountsOnlyTheProgramsBenefit(t *testing.T) {
	hv := contract.NatureHVBatteryDischarged
	p := builtin(t)["byd-eu"]
	withPrior := func(pcs ...contract.PriorCase) func(*contract.Report) {
		return func(r *contract.Report) { r.PriorCases = pcs }
	}
	first := contract.PriorCase{At: "2026-01-14T07:40:00Z", Nature: hv}
	second := func(origin contract.Origin, handler contract.Handler) contract.PriorCase {
		return contract.PriorCase{At: "2026-02-20T18:05:00Z", Nature: hv, Origin: origin, Handler: handler}
	}
	limit := NotCovered(ReasonYearlyLimit)
	runEval(t, []evalCase{
		{name: "p33: an earlier valet error handled by the partner", nature: hv, edit: withPrior(first, second(contract.OriginValetError, contract.HandlerOperatorPartner)), coverage: Limited},
		{name: "an operator fault", nature: hv, edit: withPrior(first, second(contract.OriginOperatorFault, "")), coverage: Limited},
		{name: "a fallback: mechanical, handled by the partner", nature: hv, edit: withPrior(first, second(contract.OriginMechanical, contract.HandlerOperatorPartner)), coverage: Limited},
		{name: "mechanical, handled by BYD", nature: hv, edit: withPrior(first, second(contract.OriginMechanical, contract.HandlerManufacturer)), coverage: limit},
		{name: "mechanical, handler not said", nature: hv, edit: withPrior(first, second(contract.OriginMechanical, "")), coverage: limit},
		{name: "handled by BYD, origin not said", nature: hv, edit: withPrior(first, second("", contract.HandlerManufacturer)), coverage: limit},
		{name: "a record that says nothing counts", nature: hv, edit: withPrior(first, second("", "")), coverage: limit},
		{name: "a valet error handled by BYD (on site before re-qualified)", nature: hv, edit: withPrior(first, second(contract.OriginValetError, contract.HandlerManufacturer)), coverage: Limited},
		{name: "leaseco counts its lessor's cases", program: "leaseco-care", nature: hv,
			edit: withPrior(first, second(contract.OriginMechanical, contract.HandlerLessor), second(contract.OriginMechanical, contract.HandlerLessor), second("", "")), coverage: limit},
	})
	assert.True(t, p.BenefitUsed(contract.PriorCase{}))
	assert.False(t, p.BenefitUsed(contract.PriorCase{Handler: contract.HandlerLessor}), "another program's assistance")

	ceil := withCeilings(t, Ceilings{Clause: "ceilings", InterventionsPerVINPerCalendarYear: 1})
	res := Evaluate(ceil, input(t, contract.NatureEngine, withPrior(second(contract.OriginValetError, contract.HandlerOperatorPartner))))
	assert.Equal(t, Covered, res.Coverage, "the intervention ceiling counts the same way: %s", res.Reason)
	res = Evaluate(ceil, input(t, contract.NatureEngine, withPrior(second(contract.OriginMechanical, contract.HandlerManufacturer))))
	assert.Equal(t, limit, res.Coverage)
}

// "The words agree": a vehicle that moves but is not compliant is broken down
// for the program; its coverage is that of its nature.
func TestMovingButNotCompliant(t *testing.T) {
	p := builtin(t)["byd-eu"]
	for _, tc := range []struct {
		nature   contract.Nature
		symptom  string
		coverage string
	}{
		{contract.NatureSeatBelts, "seat_belt_jammed", Limited},
		{contract.NatureHeadlights, "headlight_out", Limited},
		{contract.NatureWindscreen, "windscreen_cracked", NotCovered(ReasonExcludedEvent)},
		{contract.NatureBrakeFluid, "brake_fluid_low", NotCovered(ReasonExcludedEvent)},
		{contract.NatureBrakes, "brake_noise", Covered},
		{contract.NatureSteering, "steering_heavy", Covered},
	} {
		in := input(t, tc.nature, func(r *contract.Report) { r.Drivable, r.Symptoms = true, []string{tc.symptom} })
		in.Qualification.Drivable = true
		in.Qualification.NonCompliance = "the part (symptom " + tc.symptom + ")"
		res := Evaluate(p, in)
		assert.Equal(t, tc.coverage, res.Coverage, "%s: %s", tc.nature, res.Reason)
		if res.Covered {
			assert.Contains(t, res.Reason, "moves but is not compliant", tc.nature)
		}
	}
}

func TestThirdRoundProgramFields(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, field, reason string
	}{
		{"handler required", `"handler": "manufacturer",`, ``, "handler", "is required"},
		{"handler of the program's own assistance", `"handler": "manufacturer"`, `"handler": "operator_partner"`, "handler", "lessor, manufacturer or insurer"},
		{"trade plates rule needs excluded", `"excluded": true
  },`, `"clause": "x"
  },`, "trade_plates.excluded", "is required"},
		{"counts_as an unknown code", `"counts_as": { "AX": "FI" }`, `"counts_as": { "XX": "FI" }`, "zone.counts_as.XX", "unknown territory code"},
		{"counts_as a country outside the zone", `"counts_as": { "AX": "FI" }`, `"counts_as": { "AX": "RU" }`, "zone.counts_as.AX", "must count as a country of zone.countries"},
		{"counts_as a listed country", `"counts_as": { "AX": "FI" }`, `"counts_as": { "SE": "FI" }`, "zone.counts_as.SE", "is in zone.countries itself"},
		{"a registration clause without the rule", `"registered_in_zone": true,`, ``, "zone.registration_clause", "registered_in_zone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadDir(fstest.MapFS{"byd-eu.json": {Data: []byte(bydWith(t, tc.old, tc.new))}})
			require.Error(t, err)
			assert.Equal(t, tc.field, strictjson.FirstField(err), err.Error())
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}
