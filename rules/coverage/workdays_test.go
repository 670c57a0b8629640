package coverage

import (
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
)

func TestWorkingDays(t *testing.T) {
	for _, tc := range []struct {
		name, country, towed, want string
	}{
		{"FR: weekend only", "FR", "2026-03-13", "2026-03-18"},
		{"FR: 8 May (Victoire 1945) then the weekend", "FR", "2026-05-07", "2026-05-13"},
		{"DE: 8 May is a working day", "DE", "2026-05-07", "2026-05-12"},
		{"FR: Easter Monday, Good Friday worked", "FR", "2026-04-02", "2026-04-08"},
		{"DE: Good Friday and Easter Monday", "DE", "2026-04-02", "2026-04-09"},
		{"DE: Ascension Thursday 14 May", "DE", "2026-05-13", "2026-05-19"},
		{"DE: Whit Monday 25 May", "DE", "2026-05-22", "2026-05-28"},
		{"BE: Ascension, Whit Monday apart", "BE", "2026-05-13", "2026-05-19"},
		{"IT: 2 June Festa della Repubblica", "IT", "2026-06-01", "2026-06-05"},
		{"GB: early May bank holiday 4 May", "GB", "2026-04-30", "2026-05-06"},
		{"ES: 1 May", "ES", "2026-04-30", "2026-05-06"},
		{"LU: Europe Day 9 May on a Saturday", "LU", "2026-05-07", "2026-05-12"},
		{"HU: 23 October, national holiday (scenario c07)", "HU", "2026-10-22", "2026-10-28"},
		{"PT: 10 June, Dia de Portugal", "PT", "2026-06-09", "2026-06-15"},
		{"FI: Midsummer Eve 19 June", "FI", "2026-06-18", "2026-06-24"},
		{"SM: 3 September, Festa di San Marino", "SM", "2026-09-02", "2026-09-08"},
		{"VA: 29 June, Saints Peter and Paul", "VA", "2026-06-26", "2026-07-02"},
		{"AD: 8 September, Meritxell", "AD", "2026-09-07", "2026-09-11"},
		{"GI: 10 September, National Day", "GI", "2026-09-09", "2026-09-15"},
		{"JE: Liberation Day on a Saturday, observed Monday 11 May", "JE", "2026-05-07", "2026-05-13"},
		{"IM: Tynwald Day on a Sunday, observed Monday 6 July", "IM", "2026-07-03", "2026-07-09"},
		{"MC: 19 November, Fête du Prince", "MC", "2026-11-18", "2026-11-24"},
		{"TR: outside every zone, no calendar: Monday to Friday", "TR", "2026-05-07", "2026-05-12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := WorkCalendarFor(tc.country)
			got := w.AfterWorkingDays(day(t, tc.towed, 10), 3)
			assert.Equal(t, tc.want, got.Format(contract.DateLayout))
			assert.Equal(t, tc.country != "TR", w.HasHolidays)
		})
	}
	fr := WorkCalendarFor("FR")
	assert.False(t, fr.IsWorkingDay(day(t, "2026-05-08", 0)), "8 May")
	assert.False(t, fr.IsWorkingDay(day(t, "2026-05-09", 0)), "Saturday")
	assert.True(t, fr.IsWorkingDay(day(t, "2026-05-11", 0)), "Monday")
	assert.False(t, WorkCalendarFor("DE").IsWorkingDay(day(t, "2026-04-03", 0)), "Karfreitag")
	assert.True(t, fr.IsWorkingDay(day(t, "2026-04-03", 0)), "Good Friday is worked in France")
}

// TestEveryZoneCountryHasItsHolidays: seed 002 counts working days "à
// l'exclusion des jours fériés dans chaque pays"; a country added to a
// program's zone without a calendar fails here.
func TestEveryZoneCountryHasItsHolidays(t *testing.T) {
	programs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for id, p := range programs {
		for _, country := range p.Zone.Countries {
			w := WorkCalendarFor(country)
			if !w.HasHolidays {
				t.Errorf("program %s: zone country %s has no public-holiday calendar (coverage/workdays.go, coverage/microstates.go)", id, country)
				continue
			}
			holidays := 0
			for d := day(t, "2026-01-01", 0); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
				if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !w.IsWorkingDay(d) {
					holidays++
				}
			}
			if holidays < 5 {
				t.Errorf("program %s: zone country %s has only %d public holidays on weekdays in 2026", id, country, holidays)
			}
		}
	}
}
