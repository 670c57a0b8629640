package coverage

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/valetops/assistance/contract"

	"golang.org/x/text/language"

	"github.com/valetops/assistance/contract/strictjson"
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	wordPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	// basicServices are the services a program may list as roadside help.
	basicServices = []contract.Service{contract.ServicePhoneHelp, contract.ServiceOnSiteRepair, contract.ServiceTow}
)

// problems collects FieldErrors.
type problems strictjson.FieldErrors

func (ps *problems) add(field, format string, args ...any) {
	*ps = append(*ps, &strictjson.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return strictjson.FieldErrors(ps)
}

func idx(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code in
// upper case (territories with their own code, such as GL, included).
func ValidCountry(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.String() == code && r.IsCountry() && r.ISO3() != "ZZZ"
}

// Validate checks the program's values: codes, natures, services and usages are
// known, numbers are not negative, lists hold no duplicates. Every problem is a
// *strictjson.FieldError naming the JSON path.
func (p *Program) Validate() error {
	var ps problems
	if !idPattern.MatchString(p.ID) {
		ps.add("id", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', got %q", p.ID)
	}
	if strings.TrimSpace(p.Name) == "" {
		ps.add("name", "is required")
	}
	switch p.Handler {
	case contract.HandlerLessor, contract.HandlerManufacturer, contract.HandlerInsurer:
	default:
		ps.add("handler", "must be the kind of the program's own assistance: lessor, manufacturer or insurer, got %q", p.Handler)
	}
	p.Zone.validate(&ps)
	p.Validity.validate(&ps)
	if p.Reporting.ToleranceMinutes < 0 {
		ps.add("reporting.tolerance_minutes", "must not be negative, got %d", p.Reporting.ToleranceMinutes)
	}
	checkServices(&ps, "services", p.Services, basicServices, true)
	checkWord(&ps, "tow.destination", p.Tow.Destination)
	p.validateUsages(&ps)
	if p.Weight != nil && p.Weight.MaxKg <= 0 {
		ps.add("weight.max_kg", "must be positive, got %v", p.Weight.MaxKg)
	}
	p.Events.validate(&ps)
	if a := p.AdditionalServices; a != nil {
		a.validate(&ps, "additional_services")
	}
	p.Ceilings.validate(&ps, "ceilings")
	return ps.err()
}

func (z Zone) validate(ps *problems) {
	if len(z.Countries) == 0 {
		ps.add("zone.countries", "must list at least one country")
	}
	for i, c := range z.Countries {
		f := idx("zone.countries", i)
		if !ValidCountry(c) {
			ps.add(f, "unknown country code %q; expected ISO 3166-1 alpha-2 in upper case, such as FR", c)
		} else if slices.Index(z.Countries, c) < i {
			ps.add(f, "%s is listed twice", c)
		}
	}
	territories := make([]string, 0, len(z.CountsAs))
	for t := range z.CountsAs {
		territories = append(territories, t)
	}
	slices.Sort(territories)
	for _, t := range territories {
		f, c := "zone.counts_as."+t, z.CountsAs[t]
		switch {
		case !ValidCountry(t):
			ps.add(f, "unknown territory code %q; expected ISO 3166-1 alpha-2 in upper case, such as AX", t)
		case slices.Contains(z.Countries, t):
			ps.add(f, "%s is in zone.countries itself: it needs no other country to count as", t)
		case !slices.Contains(z.Countries, c):
			ps.add(f, "%s must count as a country of zone.countries, got %q", t, c)
		}
	}
	if z.RegistrationClause != "" && !z.RegisteredInZone {
		ps.add("zone.registration_clause", "cites a rule that registered_in_zone does not set: set registered_in_zone: true, or leave the clause out")
	}
	for i, a := range z.ExcludedAreas {
		f := idx("zone.excluded_areas", i)
		if strings.TrimSpace(a.Name) == "" {
			ps.add(f+".name", "is required")
		}
		if !ValidCountry(a.Country) {
			ps.add(f+".country", "unknown country code %q; expected ISO 3166-1 alpha-2 in upper case, such as PT", a.Country)
		}
		if a.Bounds == nil {
			if slices.Contains(z.Countries, a.Country) {
				ps.add(f+".bounds", "is required: without bounds the area would exclude all of %s, which zone.countries lists", a.Country)
			}
			continue
		}
		b := a.Bounds
		if b.MinLat < -90 || b.MaxLat > 90 || b.MinLat >= b.MaxLat {
			ps.add(f+".bounds", "latitudes must satisfy -90 <= min_lat < max_lat <= 90, got %v..%v", b.MinLat, b.MaxLat)
		}
		if b.MinLon < -180 || b.MaxLon > 180 || b.MinLon >= b.MaxLon {
			ps.add(f+".bounds", "longitudes must satisfy -180 <= min_lon < max_lon <= 180, got %v..%v", b.MinLon, b.MaxLon)
		}
	}
}

func (v Validity) validate(ps *problems) {
	if v.Months <= 0 {
		ps.add("validity.months", "must be positive, got %d", v.Months)
	}
	for i, e := range v.Extensions {
		f := idx("validity.extensions", i)
		if e.Months <= 0 {
			ps.add(f+".months", "must be positive, got %d", e.Months)
		}
		if !slices.Contains(Conditions(), e.Condition) {
			ps.add(f+".condition", "unknown condition %q; expected one of %s", e.Condition, strings.Join(Conditions(), ", "))
		}
	}
}

func (p *Program) validateUsages(ps *problems) {
	u := p.Usages
	checkUsages(ps, "usages.excluded", u.Excluded, nil)
	checkUsages(ps, "usages.restricted", u.Restricted, u.Excluded)
	checkServices(ps, "usages.restricted_services", u.RestrictedServices, p.Services, len(u.Restricted) > 0)
}

func checkUsages(ps *problems, field string, us, others []contract.Usage) {
	for i, u := range us {
		f := idx(field, i)
		switch {
		case !u.Valid():
			ps.add(f, "unknown usage %q; expected one of %s", u, strings.Join(contract.Usages(), ", "))
		case u.Canonical() != u:
			ps.add(f, "%q is an alias; write %q", u, u.Canonical())
		case slices.Index(us, u) < i:
			ps.add(f, "%s is listed twice", u)
		case slices.Contains(others, u):
			ps.add(f, "%s is also excluded", u)
		}
	}
}

// checkServices checks that every service is one of allowed, once.
func checkServices(ps *problems, field string, ss, allowed []contract.Service, required bool) {
	if required && len(ss) == 0 {
		ps.add(field, "must list at least one service")
	}
	for i, s := range ss {
		f := idx(field, i)
		switch {
		case !slices.Contains(allowed, s):
			ps.add(f, "unknown service %q here; expected one of %s", s, joinServices(allowed))
		case slices.Index(ss, s) < i:
			ps.add(f, "%s is listed twice", s)
		}
	}
}

func (e Events) validate(ps *problems) {
	for i, n := range e.Excluded {
		f := idx("events.excluded", i)
		switch {
		case !n.Valid():
			ps.add(f, "unknown nature %q; expected one of %s", n, strings.Join(contract.Natures(), ", "))
		case slices.Index(e.Excluded, n) < i:
			ps.add(f, "%s is listed twice", n)
		}
	}
	for i, l := range e.Limited {
		f := idx("events.limited", i)
		switch {
		case !l.Nature.Valid():
			ps.add(f+".nature", "unknown nature %q; expected one of %s", l.Nature, strings.Join(contract.Natures(), ", "))
		case slices.Contains(e.Excluded, l.Nature):
			ps.add(f+".nature", "%s is also in events.excluded", l.Nature)
		case slices.IndexFunc(e.Limited, func(o LimitedEvent) bool { return o.Nature == l.Nature }) < i:
			ps.add(f+".nature", "%s is listed twice", l.Nature)
		}
		if l.TowDestination != "" {
			checkWord(ps, f+".tow_destination", l.TowDestination)
		}
		if l.TowMaxKm < 0 {
			ps.add(f+".tow_max_km", "must not be negative, got %v", l.TowMaxKm)
		}
		if l.PerVINPerCalendarYear < 0 {
			ps.add(f+".per_vin_per_calendar_year", "must not be negative, got %d", l.PerVINPerCalendarYear)
		}
	}
}

func (a *AdditionalServices) validate(ps *problems, prefix string) {
	if a.ReplacementVehicle == nil && a.OnwardTravel == nil && a.Hotel == nil {
		ps.add(prefix, "must offer at least one of replacement_vehicle, onward_travel, hotel (or be null)")
	}
	if r := a.ReplacementVehicle; r != nil && r.WorkingDays <= 0 {
		ps.add(prefix+".replacement_vehicle.working_days", "must be positive, got %d", r.WorkingDays)
	}
	if o := a.OnwardTravel; o != nil {
		f := prefix + ".onward_travel"
		positive(ps, f+".min_home_distance_km", o.MinHomeDistanceKm, true)
		positive(ps, f+".max_eur_per_person", o.MaxEURPerPerson, false)
		if o.TrainClass != 1 && o.TrainClass != 2 {
			ps.add(f+".train_class", "must be 1 or 2, got %d", o.TrainClass)
		}
		positive(ps, f+".flight_if_train_over_hours", o.FlightIfTrainOverHours, true)
	}
	if h := a.Hotel; h != nil {
		f := prefix + ".hotel"
		positive(ps, f+".min_home_distance_km", h.MinHomeDistanceKm, true)
		if h.MaxNights <= 0 {
			ps.add(f+".max_nights", "must be positive, got %d", h.MaxNights)
		}
		positive(ps, f+".max_eur_per_person_per_night", h.MaxEURPerPersonPerNight, false)
	}
	if t := a.Transfer; t != nil {
		positive(ps, prefix+".transfer.max_eur", t.MaxEUR, false)
	}
	if r := a.Repatriation; r != nil && r.RepairDaysOver < 0 {
		ps.add(prefix+".repatriation.repair_days_over", "must not be negative, got %d", r.RepairDaysOver)
	}
}

// positive refuses a negative cap, and zero unless zeroOK.
func positive(ps *problems, field string, v float64, zeroOK bool) {
	switch {
	case v < 0:
		ps.add(field, "must not be negative, got %v", v)
	case v == 0 && !zeroOK:
		ps.add(field, "must be positive, got 0")
	}
}

func checkWord(ps *problems, field, v string) {
	if !wordPattern.MatchString(v) {
		ps.add(field, "must be a lower-case word such as authorised_repairer, got %q", v)
	}
}

func joinServices(ss []contract.Service) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}
