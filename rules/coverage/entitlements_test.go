package coverage

import (
	"errors"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	rv     = contract.ServiceReplacementVehicle
	onward = contract.ServiceOnwardTravel
	hotel  = contract.ServiceHotel
)

// entitle evaluates and computes the entitlements of a case under a program.
func entitle(t *testing.T, program string, nature contract.Nature, edit func(*contract.Report), tow Tow) Entitlement {
	t.Helper()
	p := builtin(t)[program]
	in := input(t, nature, edit)
	return Entitlements(p, in, Evaluate(p, in), tow)
}

func far(km float64) func(*contract.Report) {
	return func(r *contract.Report) { r.HomeDistanceKm = km }
}

func TestEntitlementsDue(t *testing.T) {
	tow := Tow{At: day(t, "2026-03-10", 10), RepairDays: 5}
	for _, tc := range []struct {
		name    string
		nature  contract.Nature
		edit    func(*contract.Report)
		tow     Tow
		offered []contract.Service
		reason  string
	}{
		{"near home: replacement vehicle only", "engine", far(20), tow, []contract.Service{rv}, "no onward travel at 20 km from home (over 100 km only)"},
		{"100 km is not more than 100 km", "engine", far(100), tow, []contract.Service{rv}, "no hotel at 100 km"},
		{"far from home: all three", "engine", far(150), tow, []contract.Service{rv, onward, hotel}, "only one of them may be chosen"},
		{"repaired the same day", "engine", far(150), Tow{At: tow.At, RepairDays: 0}, nil, "repaired the day of the tow"},
		{"not towed", "engine", far(150), Tow{RepairDays: 5}, nil, "was not towed"},
		{"limited benefit", "battery_12v", far(150), tow, nil, "a limited benefit gets the basic services only"},
		{"not covered", "flat_tyre", far(150), tow, nil, "not covered"},
		{"taxi", "engine", func(r *contract.Report) { r.HomeDistanceKm, r.Vehicle.Usage = 150, "taxi" }, tow, nil, "roadside help only"},
		{"rental", "engine", func(r *contract.Report) { r.HomeDistanceKm, r.Vehicle.Usage = 150, "car_rental" }, tow, nil, "roadside help only"},
		{"over 3.5 t", "engine", func(r *contract.Report) { r.HomeDistanceKm, r.Vehicle.WeightKg = 150, 3600 }, tow, nil, "roadside help only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ent := entitle(t, "byd-eu", tc.nature, tc.edit, tc.tow)
			assert.ElementsMatch(t, tc.offered, ent.Offered)
			assert.NotNil(t, ent.Offered, "an empty list, not null")
			assert.Contains(t, ent.Reason, tc.reason)
			assert.False(t, ent.Repatriation)
			if len(tc.offered) == 0 {
				assert.Empty(t, ent.ReplacementVehicleUntil)
				assert.Empty(t, ent.Caps)
			}
		})
	}
}

func TestCaps(t *testing.T) {
	ent := entitle(t, "byd-eu", "engine", far(150), Tow{At: day(t, "2026-03-10", 10), RepairDays: 5})
	assert.Equal(t, []contract.Service{rv, onward, hotel}, ent.Offered, "in the program's order")
	assert.Equal(t, map[contract.Service]string{
		rv:                       "until 2026-03-13 (3 working days)",
		onward:                   "500 EUR per person, 2nd-class train or economy flight if the train takes over 6 h",
		hotel:                    "3 nights at 150 EUR per person",
		contract.ServiceTransfer: "100 EUR per breakdown, reimbursed on request",
	}, ent.Caps)
	assert.NotContains(t, ent.Offered, contract.ServiceTransfer, "transfer costs are reimbursed, never chosen")
	assert.True(t, ent.OneChoiceOnly)
	assert.Contains(t, ent.Reason, "(BYD Pan-European Roadside Assistance, section V, additional services)")

	lease := entitle(t, "leaseco-care", "engine", far(60), Tow{At: day(t, "2026-03-10", 10), RepairDays: 10})
	assert.Equal(t, []contract.Service{rv, hotel}, lease.Offered)
	assert.Equal(t, map[contract.Service]string{
		rv:    "until 2026-03-17 (5 working days)",
		hotel: "2 nights at 120 EUR per person",
	}, lease.Caps)
	assert.False(t, lease.OneChoiceOnly)
}

func TestReplacementVehicleUntil(t *testing.T) {
	for _, tc := range []struct {
		name, country, towed string
		repairDays           int
		until, rule          string
	}{
		{"c06: FR 8 May and the weekend", "FR", "2026-05-07", 10, "2026-05-13", "3 working days"},
		{"FR across a weekend", "FR", "2026-03-13", 10, "2026-03-18", "3 working days"},
		{"DE: 8 May worked", "DE", "2026-05-07", 10, "2026-05-12", "3 working days"},
		{"DE: Good Friday and Easter Monday", "DE", "2026-04-02", 10, "2026-04-09", "3 working days"},
		{"DE: Whit Monday", "DE", "2026-05-22", 10, "2026-05-28", "3 working days"},
		{"repair done first", "FR", "2026-03-10", 2, "2026-03-12", "the day the repair is done"},
		{"repair done on the third working day", "FR", "2026-03-10", 3, "2026-03-13", "3 working days"},
		{"repair done over the weekend", "FR", "2026-03-13", 1, "2026-03-14", "the day the repair is done"},
		{"LU: its own holidays (Europe Day on a Saturday)", "LU", "2026-05-07", 10, "2026-05-12", "3 working days"},
		{"HU: 23 October is a holiday (scenario c07)", "HU", "2026-10-22", 10, "2026-10-28", "3 working days"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edit := func(r *contract.Report) {
				r.At = tc.towed + "T08:00:00Z"
				r.Location.Country = tc.country
				r.Vehicle.RegistrationCountry = tc.country
			}
			ent := entitle(t, "byd-eu", "engine", edit, Tow{At: day(t, tc.towed, 11), RepairDays: tc.repairDays})
			assert.Equal(t, tc.until, ent.ReplacementVehicleUntil)
			assert.Equal(t, "until "+tc.until+" ("+tc.rule+")", ent.Caps[rv])
			assert.Contains(t, ent.Reason, tc.rule)
		})
	}
}

func TestRepatriation(t *testing.T) {
	abroad := func(r *contract.Report) {
		r.Location = contract.Location{Country: "DE", PublicRoad: r.Location.PublicRoad}.WithPosition(48.14, 11.58)
	}
	towed := day(t, "2026-03-10", 11)
	ent := entitle(t, "byd-eu", "engine", abroad, Tow{At: towed, RepairDays: 4})
	assert.True(t, ent.Repatriation)
	assert.Contains(t, ent.Reason, "repatriation of the vehicle (abroad, not repairable within 3 days)")
	assert.NotContains(t, ent.Offered, contract.ServiceRepatriation, "ordered, never chosen")
	assert.False(t, entitle(t, "byd-eu", "engine", abroad, Tow{At: towed, RepairDays: 3}).Repatriation, "repairable within 3 days")
	assert.False(t, entitle(t, "byd-eu", "engine", nil, Tow{At: towed, RepairDays: 10}).Repatriation, "at home")
	assert.False(t, entitle(t, "byd-eu", "battery_12v", abroad, Tow{At: towed, RepairDays: 10}).Repatriation, "limited benefit")
	assert.False(t, entitle(t, "leaseco-care", "engine", abroad, Tow{At: towed, RepairDays: 10}).Repatriation, "not in leaseco's program")
}

func TestValidateChoice(t *testing.T) {
	all := entitle(t, "byd-eu", "engine", far(150), Tow{At: day(t, "2026-03-10", 10), RepairDays: 5})
	near := entitle(t, "byd-eu", "engine", far(20), Tow{At: day(t, "2026-03-10", 10), RepairDays: 5})
	none := entitle(t, "byd-eu", "battery_12v", far(150), Tow{At: day(t, "2026-03-10", 10), RepairDays: 5})
	lease := entitle(t, "leaseco-care", "engine", far(150), Tow{At: day(t, "2026-03-10", 10), RepairDays: 5})

	for _, c := range []contract.Service{rv, onward, hotel} {
		require.NoError(t, ValidateChoice(all, nil, c), c)
	}
	for _, tc := range []struct {
		name   string
		ent    Entitlement
		chosen []contract.Service
		choice contract.Service
		is     error // nil: accepted
		text   string
	}{
		{"hotel near home", near, nil, hotel, ErrNotOffered, "hotel is not offered; offered: replacement_vehicle"},
		{"nothing due", none, nil, rv, ErrNotOffered, "replacement_vehicle is not offered: no additional services are due for this case"},
		{"transfer is never chosen", all, nil, contract.ServiceTransfer, ErrNotOffered, "transfer is not offered"},
		{"repatriation is never chosen", all, nil, contract.ServiceRepatriation, ErrNotOffered, "not offered"},
		{"hotel after a replacement vehicle", all, []contract.Service{rv}, hotel, ErrCannotCombine,
			"hotel cannot be combined with replacement_vehicle, already chosen: only one of replacement_vehicle, onward_travel, hotel may be chosen per case"},
		{"replacement vehicle after onward travel", all, []contract.Service{contract.ServiceTow, onward}, rv, ErrCannotCombine, "cannot be combined with onward_travel"},
		{"onward travel after a hotel", all, []contract.Service{hotel}, onward, ErrCannotCombine, "cannot be combined"},
		{"the same twice", all, []contract.Service{rv}, rv, ErrAlreadyChosen, "replacement_vehicle was already chosen for this case"},
		{"basic services chosen before do not count", all, []contract.Service{contract.ServiceTow}, hotel, nil, ""},
		{"leaseco allows a combination", lease, []contract.Service{rv}, hotel, nil, ""},
		{"but not the same twice", lease, []contract.Service{rv, hotel}, hotel, ErrAlreadyChosen, "already chosen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateChoice(tc.ent, tc.chosen, tc.choice)
			if tc.is == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.is), err.Error())
			assert.Contains(t, err.Error(), tc.text)
		})
	}
}
