package coverage

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/valetops/assistance/breakdown"
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
		{"LU: no calendar, Monday to Friday", "LU", "2026-05-07", "2026-05-12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := WorkCalendarFor(tc.country)
			got := w.AfterWorkingDays(day(t, tc.towed, 10), 3)
			assert.Equal(t, tc.want, got.Format(breakdown.DateLayout))
			assert.Equal(t, tc.country != "LU", w.HasHolidays)
		})
	}
	fr := WorkCalendarFor("FR")
	assert.False(t, fr.IsWorkingDay(day(t, "2026-05-08", 0)), "8 May")
	assert.False(t, fr.IsWorkingDay(day(t, "2026-05-09", 0)), "Saturday")
	assert.True(t, fr.IsWorkingDay(day(t, "2026-05-11", 0)), "Monday")
	assert.False(t, WorkCalendarFor("DE").IsWorkingDay(day(t, "2026-04-03", 0)), "Karfreitag")
	assert.True(t, fr.IsWorkingDay(day(t, "2026-04-03", 0)), "Good Friday is worked in France")
}
