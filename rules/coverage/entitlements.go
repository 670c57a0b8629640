package coverage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"
)

// Tow is what the receiving repairer says after a tow.
type Tow struct {
	At         time.Time `json:"at"`          // when the vehicle was towed (UTC)
	RepairDays int       `json:"repair_days"` // the receiving repairer's estimate in calendar days (0 = repaired the same day)
}

// Entitlement is what the beneficiary may choose after a tow, with caps.
type Entitlement struct {
	// Offered are the services to choose from: replacement_vehicle, and
	// onward_travel and hotel when far enough from home; empty when not due.
	Offered []contract.Service `json:"offered"`
	// Caps are human-readable caps of the offered services, and of transfer
	// costs (reimbursed on request, never chosen nor ordered).
	Caps map[contract.Service]string `json:"caps,omitempty"`
	// ReplacementVehicleUntil is the last day of the replacement vehicle
	// (YYYY-MM-DD), "" when not offered.
	ReplacementVehicleUntil string `json:"replacement_vehicle_until,omitempty"`
	// Repatriation is due abroad when the vehicle cannot be repaired within the
	// program's days; ordered by the saga, never chosen.
	Repatriation bool `json:"repatriation"`
	// OneChoiceOnly: only one of Offered may be chosen per case.
	OneChoiceOnly bool `json:"one_choice_only"`
	// Reason is one human sentence for the case timeline, citing the clause.
	Reason string `json:"reason"`
}

// Entitlements says which additional services are due after a tow: only when
// the case is covered (not limited) with additional services, the vehicle was
// towed (tow.At set) and it cannot be repaired the same day.
func Entitlements(p *Program, in Input, res Result, tow Tow) Entitlement {
	ent := Entitlement{Offered: []contract.Service{}}
	a := p.AdditionalServices
	none := func(why string) Entitlement {
		ent.Reason = "No additional services: " + why + p.cite(a.clause()) + "."
		return ent
	}
	switch {
	case !res.Covered:
		return none("the case is not covered by the program")
	case res.Coverage == Limited:
		return none("a limited benefit gets the basic services only")
	case a == nil:
		return none("the program has none")
	case !res.AdditionalServices:
		return none("this vehicle gets roadside help only")
	case tow.At.IsZero():
		return none("the vehicle was not towed")
	case tow.RepairDays < 1:
		return none("the vehicle is repaired the day of the tow")
	}
	ent.OneChoiceOnly = a.OneChoiceOnly
	ent.Caps = map[contract.Service]string{}
	towDay := dateOf(tow.At.UTC())
	repaired := towDay.AddDate(0, 0, tow.RepairDays)
	country := in.Report.Location.Country
	var notes []string
	if rv := a.ReplacementVehicle; rv != nil {
		wc := WorkCalendarFor(country)
		until := wc.AfterWorkingDays(towDay, rv.WorkingDays)
		rule := fmt.Sprintf("%d working days", rv.WorkingDays)
		if !wc.HasHolidays {
			rule += fmt.Sprintf(", Monday to Friday: no public-holiday calendar for %s", country)
		}
		if repaired.Before(until) {
			until, rule = repaired, "the day the repair is done"
		}
		ent.ReplacementVehicleUntil = until.Format(contract.DateLayout)
		ent.Offered = append(ent.Offered, contract.ServiceReplacementVehicle)
		ent.Caps[contract.ServiceReplacementVehicle] = fmt.Sprintf("until %s (%s)", ent.ReplacementVehicleUntil, rule)
		notes = append(notes, fmt.Sprintf("replacement vehicle until %s (%s in %s)", ent.ReplacementVehicleUntil, rule, country))
	}
	home := in.Report.HomeDistanceKm
	if o := a.OnwardTravel; o != nil {
		if home > o.MinHomeDistanceKm {
			ent.Offered = append(ent.Offered, contract.ServiceOnwardTravel)
			ent.Caps[contract.ServiceOnwardTravel] = o.cap()
			notes = append(notes, "onward travel ("+o.cap()+")")
		} else {
			notes = append(notes, fmt.Sprintf("no onward travel at %s km from home (over %s km only)", num(home), num(o.MinHomeDistanceKm)))
		}
	}
	if h := a.Hotel; h != nil {
		if home > h.MinHomeDistanceKm {
			ent.Offered = append(ent.Offered, contract.ServiceHotel)
			ent.Caps[contract.ServiceHotel] = h.cap()
			notes = append(notes, "hotel ("+h.cap()+")")
		} else {
			notes = append(notes, fmt.Sprintf("no hotel at %s km from home (over %s km only)", num(home), num(h.MinHomeDistanceKm)))
		}
	}
	if t := a.Transfer; t != nil && len(ent.Offered) > 0 {
		ent.Caps[contract.ServiceTransfer] = fmt.Sprintf("%s EUR per breakdown, reimbursed on request", num(t.MaxEUR))
	}
	if r := a.Repatriation; r != nil && p.Zone.Abroad(in.Report) && tow.RepairDays > r.RepairDaysOver {
		ent.Repatriation = true
		notes = append(notes, fmt.Sprintf("repatriation of the vehicle (abroad, not repairable within %d days)", r.RepairDaysOver))
	}
	if ent.OneChoiceOnly && len(ent.Offered) > 1 {
		notes = append(notes, "only one of them may be chosen")
	}
	ent.Reason = fmt.Sprintf("Towed on %s, repair estimated at %d day(s): %s%s.",
		towDay.Format(contract.DateLayout), tow.RepairDays, strings.Join(notes, "; "), p.cite(a.Clause))
	return ent
}

func (o *OnwardTravel) cap() string {
	s := fmt.Sprintf("%s EUR per person, %s train", num(o.MaxEURPerPerson), classOf(o.TrainClass))
	if o.FlightIfTrainOverHours > 0 {
		s += fmt.Sprintf(" or economy flight if the train takes over %s h", num(o.FlightIfTrainOverHours))
	}
	return s
}

func (h *Hotel) cap() string {
	return fmt.Sprintf("%d nights at %s EUR per person", h.MaxNights, num(h.MaxEURPerPersonPerNight))
}

func classOf(c int) string {
	if c == 1 {
		return "1st-class"
	}
	return "2nd-class"
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
