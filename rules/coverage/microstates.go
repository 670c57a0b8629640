package coverage

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
)

// The public holidays of the zone countries that github.com/rickar/cal/v2
// has no package for (v2.1.31): San Marino, Vatican City, Liechtenstein,
// Andorra, Gibraltar, the Isle of Man, Jersey, Guernsey and Monaco. They are
// data in the library's own types — fixed dates (cal.CalcDayOfMonth), dates
// relative to Easter (cal.CalcEasterOffset), the n-th weekday of a month
// (cal.CalcWeekdayOffset), and the day a holiday is observed when it falls on
// a weekend (cal.Holiday.Observed) — taken from each country's official list
// of public holidays. Holidays whose date is set each year by decree (a
// papal anniversary, the King's birthday in Gibraltar, TT race day on the
// Isle of Man) are left out: the calendar would otherwise guess.

// observedMonday moves a holiday on Saturday or Sunday to the next Monday, as
// the British Isles do (substitute bank holidays).
var observedMonday = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 1}}

// observedSundayMonday moves a holiday on Sunday to the Monday (Monaco).
var observedSundayMonday = []cal.AltDay{{Day: time.Sunday, Offset: 1}}

// fixed is a holiday on the same date every year.
func fixed(name string, month time.Month, day int, observed ...cal.AltDay) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservancePublic, Month: month, Day: day, Func: cal.CalcDayOfMonth, Observed: observed}
}

// nthWeekday is the n-th (n < 0: from the end) weekday of a month.
func nthWeekday(name string, month time.Month, weekday time.Weekday, n int) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservancePublic, Month: month, Weekday: weekday, Offset: n, Func: cal.CalcWeekdayOffset}
}

// public makes a holiday of the aa package (Easter-relative ones included) a
// public holiday under its local name.
func public(h *cal.Holiday, name string) *cal.Holiday {
	return h.Clone(&cal.Holiday{Name: name, Type: cal.ObservancePublic})
}

// britishIsles are the bank holidays Gibraltar, the Isle of Man, Jersey and
// Guernsey share with the United Kingdom.
func britishIsles(extra ...*cal.Holiday) []*cal.Holiday {
	return append([]*cal.Holiday{
		fixed("New Year's Day", time.January, 1, observedMonday...),
		public(aa.GoodFriday, "Good Friday"),
		public(aa.EasterMonday, "Easter Monday"),
		nthWeekday("Spring Bank Holiday", time.May, time.Monday, -1),
		nthWeekday("Summer Bank Holiday", time.August, time.Monday, -1),
		fixed("Christmas Day", time.December, 25, observedMonday...),
		{Name: "Boxing Day", Type: cal.ObservancePublic, Month: time.December, Day: 26, Func: cal.CalcDayOfMonth,
			Observed: []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}, {Day: time.Monday, Offset: 1}}},
	}, extra...)
}

// microstateHolidays are the public holidays of the zone countries with no
// rickar/cal package.
var microstateHolidays = map[string][]*cal.Holiday{
	// San Marino: Legge 7 del 17 febbraio 1961 and later amendments.
	"SM": {
		fixed("Capodanno", time.January, 1), fixed("Epifania", time.January, 6),
		fixed("Festa di Sant'Agata", time.February, 5), fixed("Anniversario dell'Arengo", time.March, 25),
		public(aa.EasterMonday, "Lunedì dell'Angelo"), fixed("Investitura dei Capitani Reggenti", time.April, 1),
		fixed("Festa dei Lavoratori", time.May, 1), public(aa.CorpusChristi, "Corpus Domini"),
		fixed("Caduta del Fascismo", time.July, 28), fixed("Assunzione", time.August, 15),
		fixed("Festa di San Marino", time.September, 3), fixed("Investitura dei Capitani Reggenti", time.October, 1),
		fixed("Ognissanti", time.November, 1), fixed("Commemorazione dei defunti", time.November, 2),
		fixed("Immacolata Concezione", time.December, 8), fixed("Natale", time.December, 25),
		fixed("Santo Stefano", time.December, 26),
	},
	// Vatican City: the holidays of the Governorate's calendar (fixed dates).
	"VA": {
		fixed("Solennità di Maria Santissima Madre di Dio", time.January, 1), fixed("Epifania", time.January, 6),
		fixed("Anniversario dei Patti Lateranensi", time.February, 11), fixed("San Giuseppe", time.March, 19),
		public(aa.EasterMonday, "Lunedì dell'Angelo"), fixed("San Giuseppe Lavoratore", time.May, 1),
		fixed("Santi Pietro e Paolo", time.June, 29), fixed("Assunzione", time.August, 15),
		fixed("Ognissanti", time.November, 1), fixed("Immacolata Concezione", time.December, 8),
		fixed("Natale", time.December, 25), fixed("Santo Stefano", time.December, 26),
	},
	// Liechtenstein: the public holidays of the Arbeitsgesetz (Art. 18).
	"LI": {
		fixed("Neujahr", time.January, 1), fixed("Berchtoldstag", time.January, 2),
		fixed("Heilige Drei Könige", time.January, 6), fixed("Mariä Lichtmess", time.February, 2),
		fixed("Josefstag", time.March, 19), public(aa.EasterMonday, "Ostermontag"),
		fixed("Tag der Arbeit", time.May, 1), public(aa.AscensionDay, "Auffahrt"),
		public(aa.PentecostMonday, "Pfingstmontag"), public(aa.CorpusChristi, "Fronleichnam"),
		fixed("Staatsfeiertag", time.August, 15), fixed("Mariä Geburt", time.September, 8),
		fixed("Allerheiligen", time.November, 1), fixed("Mariä Empfängnis", time.December, 8),
		fixed("Weihnachten", time.December, 25), fixed("Stephanstag", time.December, 26),
	},
	// Andorra: the public holidays of the Govern d'Andorra.
	"AD": {
		fixed("Cap d'Any", time.January, 1), fixed("Reis", time.January, 6),
		fixed("Dia de la Constitució", time.March, 14), public(aa.GoodFriday, "Divendres Sant"),
		public(aa.EasterMonday, "Dilluns de Pasqua"), fixed("Festa del Treball", time.May, 1),
		public(aa.PentecostMonday, "Dilluns de Pentecosta"), fixed("Assumpció", time.August, 15),
		fixed("Mare de Déu de Meritxell", time.September, 8), fixed("Tots Sants", time.November, 1),
		fixed("Immaculada Concepció", time.December, 8), fixed("Nadal", time.December, 25),
		fixed("Sant Esteve", time.December, 26),
	},
	// Gibraltar: the bank and public holidays of HM Government of Gibraltar.
	"GI": britishIsles(
		nthWeekday("Commonwealth Day", time.March, time.Monday, 2),
		fixed("Workers' Memorial Day", time.April, 28, observedMonday...),
		fixed("May Day", time.May, 1, observedMonday...),
		fixed("Gibraltar National Day", time.September, 10, observedMonday...),
	),
	// Isle of Man: the bank holidays of the Isle of Man Government.
	"IM": britishIsles(
		nthWeekday("Early May Bank Holiday", time.May, time.Monday, 1),
		fixed("Tynwald Day", time.July, 5, observedMonday...),
	),
	// Jersey: the bank holidays of the States of Jersey.
	"JE": britishIsles(
		nthWeekday("Early May Bank Holiday", time.May, time.Monday, 1),
		fixed("Liberation Day", time.May, 9, observedMonday...),
	),
	// Guernsey: the bank holidays of the States of Guernsey.
	"GG": britishIsles(
		nthWeekday("Early May Bank Holiday", time.May, time.Monday, 1),
		fixed("Liberation Day", time.May, 9, observedMonday...),
	),
	// Monaco: Loi n° 798 du 18 février 1966; a holiday on a Sunday moves to the Monday.
	"MC": {
		fixed("Jour de l'An", time.January, 1, observedSundayMonday...), fixed("Sainte Dévote", time.January, 27, observedSundayMonday...),
		public(aa.EasterMonday, "Lundi de Pâques"), fixed("Fête du Travail", time.May, 1, observedSundayMonday...),
		public(aa.AscensionDay, "Ascension"), public(aa.PentecostMonday, "Lundi de Pentecôte"),
		public(aa.CorpusChristi, "Fête-Dieu"), fixed("Assomption", time.August, 15, observedSundayMonday...),
		fixed("Toussaint", time.November, 1, observedSundayMonday...), fixed("Fête du Prince", time.November, 19, observedSundayMonday...),
		fixed("Immaculée Conception", time.December, 8, observedSundayMonday...), fixed("Noël", time.December, 25, observedSundayMonday...),
	},
}
