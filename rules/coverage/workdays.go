package coverage

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ar"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cy"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/ee"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fi"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/hu"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/is"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lu"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mt"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/nc"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/pt"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// nationalHolidays maps ISO 3166-1 alpha-2 codes to the national public
// holidays of rickar/cal's per-country packages (v2.1.31; the module proxy's
// "latest" is an older version without Portugal, Finland, Hungary, Luxembourg,
// Estonia, Malta, Cyprus or Iceland, so go.mod names the version). The zone
// countries it has no package for are in microstateHolidays.
var nationalHolidays = map[string][]*cal.Holiday{
	"AR": ar.Holidays, "AT": at.Holidays, "BE": be.Holidays, "BG": bg.Holidays,
	"BR": br.Holidays, "CA": ca.Holidays, "CH": ch.Holidays, "CY": cy.Holidays, "CZ": cz.Holidays,
	"DE": de.Holidays, "DK": dk.Holidays, "EE": ee.Holidays, "ES": es.Holidays, "FI": fi.Holidays, "FR": fr.Holidays,
	"GB": gb.Holidays, "GR": gr.Holidays, "HR": hr.Holidays, "HU": hu.Holidays, "IE": ie.Holidays, "IS": is.Holidays,
	"IT": it.Holidays, "JP": jp.Holidays, "LT": lt.Holidays, "LU": lu.Holidays, "LV": lv.Holidays,
	"MT": mt.Holidays, "MW": mw.Holidays, "NC": nc.Holidays, "NL": nl.Holidays, "NO": no.Holidays,
	"NZ": nz.Holidays, "PL": pl.Holidays, "PT": pt.Holidays, "RO": ro.Holidays, "RU": ru.Holidays,
	"SE": se.Holidays, "SI": si.Holidays, "SK": sk.Holidays, "UA": ua.Holidays,
	"US": us.Holidays, "ZA": za.Holidays,
}

// holidaysOf returns a country's public holidays: rickar/cal's package, or
// our own data for the microstates it has none for.
func holidaysOf(country string) ([]*cal.Holiday, bool) {
	if h, ok := nationalHolidays[country]; ok {
		return h, true
	}
	h, ok := microstateHolidays[country]
	return h, ok
}

// WorkCalendar is the working days of one country: Monday to Friday minus the
// country's public holidays (seed 002: "Jour ouvrable désigne tout jour du
// lundi au vendredi, à l'exclusion des jours fériés dans chaque pays"). Every
// country of a program's zone has its holidays (a test checks it); a country
// outside every zone with no calendar counts Monday to Friday alone
// (HasHolidays false). Safe for concurrent use.
type WorkCalendar struct {
	Country     string
	HasHolidays bool
	cal         *cal.BusinessCalendar
}

// WorkCalendarFor returns the working-day calendar of a country.
func WorkCalendarFor(country string) WorkCalendar {
	c := cal.NewBusinessCalendar() // Monday to Friday; not Cacheable, so read-only
	hols, ok := holidaysOf(country)
	if ok {
		c.AddHoliday(hols...)
	}
	return WorkCalendar{Country: country, HasHolidays: ok, cal: c}
}

// IsWorkingDay reports whether the calendar date of day (its year, month and
// day, whatever its location) is a working day.
func (w WorkCalendar) IsWorkingDay(day time.Time) bool {
	return w.cal.IsWorkday(dateOf(day))
}

// AfterWorkingDays returns the date of the n-th working day after day (day
// itself not counted).
func (w WorkCalendar) AfterWorkingDays(day time.Time, n int) time.Time {
	d := dateOf(day)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if w.cal.IsWorkday(d) {
			n--
		}
	}
	return d
}

// dateOf is the calendar date of t at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
