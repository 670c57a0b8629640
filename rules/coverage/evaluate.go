package coverage

import (
	"fmt"
	"slices"
	"time"

	"github.com/valetops/assistance/contract"
)

// The coverage of a case.
const (
	Covered          = "covered"
	Limited          = "limited"
	NotCoveredPrefix = "not_covered:"
)

// Reasons a case is not covered, in the order Evaluate checks them.
const (
	ReasonOutOfZone     = "out_of_zone"
	ReasonTradePlates   = "trade_plates"
	ReasonExcludedUsage = "excluded_usage"
	ReasonExpired       = "expired"
	ReasonNonPublicRoad = "non_public_road"
	ReasonReportedLate  = "reported_late"
	ReasonExcludedEvent = "excluded_event"
	ReasonYearlyLimit   = "yearly_limit"
)

// NotCovered returns the coverage "not_covered:REASON".
func NotCovered(reason string) string { return NotCoveredPrefix + reason }

// Input is what an evaluation rests on.
type Input struct {
	Report        contract.Report        `json:"report"`        // the valet's report (validated)
	Qualification contract.Qualification `json:"qualification"` // origin, nature, drivable as qualified
	// PriorCases are this VIN's earlier cases (per-VIN yearly limits). When nil,
	// the report's prior_cases are used; an empty non-nil slice means none.
	PriorCases []contract.PriorCase `json:"prior_cases"`
	// InformedAt is when the case informed the vehicle's own assistance (at
	// the report, seed 002 VI "informé immédiatement"); zero: the report's
	// reported_at. A late report counts from the breakdown to this moment.
	InformedAt time.Time `json:"informed_at,omitzero"`
}

// Result is the coverage of a case.
type Result struct {
	// Coverage is "covered", "limited" or "not_covered:REASON".
	Coverage string `json:"coverage"`
	// Reason is one human sentence for the case timeline, citing the clause.
	Reason string `json:"reason"`
	// Covered is false when not covered: assistance then only as a paid option
	// the client approves.
	Covered bool `json:"covered"`
	// Services are the basic services the program provides for this case, in
	// the program's order; empty when not covered.
	Services []contract.Service `json:"services,omitempty"`
	// TowTo is where a tow goes: "authorised_repairer", or "charging_point" for
	// a discharged HV battery. Also set when not covered, for a paid tow.
	TowTo string `json:"tow_to,omitempty"`
	// TowMaxKm caps the tow (50 for the charging point); 0 when not limited.
	TowMaxKm float64 `json:"tow_max_km,omitempty"`
	// AdditionalServices: additional services may be offered after a tow
	// (false for limited benefits, restricted usages, heavy vehicles).
	AdditionalServices bool `json:"additional_services"`
	// MaxEURPerIntervention is the program's ceiling per intervention (0: none);
	// beyond it the client pays the excess, after approving it.
	MaxEURPerIntervention float64 `json:"max_eur_per_intervention,omitempty"`
}

// Evaluate decides what p owes for the case. It does not check the origin (the
// caller evaluates only mechanical breakdowns of vehicles naming p). The
// checks run in this order and the first that fails decides: zone (where the
// vehicle is, then where it is registered), trade plates, usage, validity,
// road, reporting delay, excluded event, yearly limit (of a limited event, then
// of the program's interventions; only earlier cases where the program's
// benefit was used count).
func Evaluate(p *Program, in Input) Result {
	r := in.Report
	nature := in.Qualification.Nature
	limited := p.Events.limitedFor(nature)
	res := Result{TowTo: p.Tow.Destination}
	if limited != nil && limited.TowDestination != "" {
		res.TowTo, res.TowMaxKm = limited.TowDestination, limited.TowMaxKm
	}
	refuse := func(reason, why, clause string) Result {
		res.Coverage = NotCovered(reason)
		res.Reason = fmt.Sprintf("Not covered: %s%s; assistance only as a paid option the client approves, without additional services.",
			why, p.cite(clause))
		return res
	}

	if ok, why := p.Zone.Covers(r.Location); !ok {
		return refuse(ReasonOutOfZone, why, p.Zone.Clause)
	}
	if ok, why := p.Zone.Registered(r.Vehicle.RegistrationCountry); !ok {
		return refuse(ReasonOutOfZone, why, p.Zone.RegistrationClause)
	}
	if t := p.TradePlates; t != nil && t.Excluded && r.Vehicle.TradePlates {
		return refuse(ReasonTradePlates, "the vehicle runs on red, trade, dealer or export plates", t.Clause)
	}
	usage := r.Vehicle.Usage.Canonical()
	if slices.Contains(p.Usages.Excluded, usage) {
		return refuse(ReasonExcludedUsage, fmt.Sprintf("vehicles used for %s are excluded", words(string(usage))), p.Usages.Clause)
	}
	validity, expired := p.Validity.check(r)
	if expired {
		return refuse(ReasonExpired, validity, p.Validity.Clause)
	}
	if p.Roads.PublicOnly && !r.Location.PublicRoad {
		return refuse(ReasonNonPublicRoad, "the vehicle is not on a public road (roadside help only on public roads and at home)", p.Roads.Clause)
	}
	tolerance := time.Duration(p.Reporting.ToleranceMinutes) * time.Minute
	if delay := in.informedAt().Sub(r.BrokeDownAt()); delay > tolerance {
		return refuse(ReasonReportedLate, fmt.Sprintf("the assistance was informed %s after the breakdown, more than the %s allowed",
			minutes(delay), minutes(tolerance)), p.Reporting.Clause)
	}
	if slices.Contains(p.Events.Excluded, nature) {
		return refuse(ReasonExcludedEvent, fmt.Sprintf("%s is not an eligible event", words(string(nature))), p.Events.ExcludedClause)
	}
	var count string
	if limited != nil && limited.PerVINPerCalendarYear > 0 {
		y := countYearly(p.benefitCases(in.priorCases()), r.BrokeDownAt(), limited.PerVINPerCalendarYear, func(n contract.Nature) bool { return n == nature })
		if y.Over() {
			return refuse(ReasonYearlyLimit, y.refusal(words(string(nature))), p.Events.LimitedClause)
		}
		count = fmt.Sprintf(" (%s of %d, at most %d per VIN per calendar year)", ordinal(y.Nth, "one"), y.Year, y.Max)
	}
	if c := p.Ceilings; c != nil && c.InterventionsPerVINPerCalendarYear > 0 {
		y := countYearly(p.benefitCases(in.priorCases()), r.BrokeDownAt(), c.InterventionsPerVINPerCalendarYear, func(contract.Nature) bool { return true })
		if y.Over() {
			return refuse(ReasonYearlyLimit, y.refusal("intervention"), c.Clause)
		}
	}
	res.MaxEURPerIntervention = p.Ceilings.maxEUR()
	return p.grant(res, in, limited, validity, count)
}

// grant fills a covered or limited result: services and additional services
// after the vehicle restrictions.
func (p *Program) grant(res Result, in Input, limited *LimitedEvent, validity, count string) Result {
	r := in.Report
	res.Covered = true
	res.Services = slices.Clone(p.Services)
	res.AdditionalServices = p.AdditionalServices != nil
	var notes []string
	clause := p.AdditionalServices.clause()
	if usage := r.Vehicle.Usage.Canonical(); slices.Contains(p.Usages.Restricted, usage) {
		res.Services = slices.DeleteFunc(res.Services, func(s contract.Service) bool {
			return !slices.Contains(p.Usages.RestrictedServices, s)
		})
		res.AdditionalServices = false
		notes = append(notes, fmt.Sprintf("a vehicle used for %s gets %s only", words(string(usage)), serviceList(res.Services)))
		clause = p.Usages.Clause
	}
	if p.Weight != nil && r.Vehicle.WeightKg > p.Weight.MaxKg {
		res.AdditionalServices = false
		notes = append(notes, fmt.Sprintf("a vehicle of %v kg (over %v kg) gets roadside help only", r.Vehicle.WeightKg, p.Weight.MaxKg))
		clause = p.Weight.Clause
	}
	if q := in.Qualification; q.Drivable && q.NonCompliance != "" {
		notes = append(notes, "the vehicle moves but is not compliant ("+q.NonCompliance+"): broken down for the program, its driving being dangerous or illegal")
	}
	tow := "tow to the " + words(res.TowTo)
	if res.TowMaxKm > 0 {
		tow += fmt.Sprintf(" within %v km", res.TowMaxKm)
	}
	if limited != nil {
		res.Coverage = Limited
		res.AdditionalServices = false
		res.Reason = fmt.Sprintf("Limited benefit: %s%s gets the basic services only (%s), never additional services%s%s.",
			words(string(limited.Nature)), count, withTow(res.Services, tow), prefixed("; ", notes), p.cite(p.Events.LimitedClause))
		return res
	}
	res.Coverage = Covered
	extra := "additional services after a tow if not repairable the same day"
	if !res.AdditionalServices {
		extra = "no additional services"
	}
	country := r.Location.Country
	if c := p.Zone.Country(country); c != country {
		country += " (counts as " + c + ")"
	}
	res.Reason = fmt.Sprintf("Covered: %s breakdown in %s, %s; %s, %s%s%s.",
		words(string(in.Qualification.Nature)), country, validity, withTow(res.Services, tow), extra,
		prefixed(": ", notes), p.cite(clause))
	return res
}

// limitedFor returns the limited-benefit rule of a nature, or nil.
func (e Events) limitedFor(n contract.Nature) *LimitedEvent {
	for i := range e.Limited {
		if e.Limited[i].Nature == n {
			return &e.Limited[i]
		}
	}
	return nil
}

// informedAt is when the vehicle's own assistance was informed.
func (in Input) informedAt() time.Time {
	if !in.InformedAt.IsZero() {
		return in.InformedAt
	}
	return in.Report.ReachedAssistanceAt()
}

// BenefitUsed reports whether an earlier case used the program's benefit, so
// that it counts toward a yearly limit (DOMAIN.md, "Yearly counts"): a
// mechanical breakdown handled by the program's own assistance (p.Handler). A
// valet error, an operator fault or a case the operator's partner handled (a
// fallback) used nothing; a record that does not say (no origin, no
// handler) counts.
func (p *Program) BenefitUsed(c contract.PriorCase) bool {
	if c.Origin != "" && c.Origin != contract.OriginMechanical {
		return false
	}
	return c.Handler == "" || c.Handler == p.Handler
}

// benefitCases are the prior cases that used the program's benefit.
func (p *Program) benefitCases(prior []contract.PriorCase) []contract.PriorCase {
	out := make([]contract.PriorCase, 0, len(prior))
	for _, c := range prior {
		if p.BenefitUsed(c) {
			out = append(out, c)
		}
	}
	return out
}

func (in Input) priorCases() []contract.PriorCase {
	if in.PriorCases == nil {
		return in.Report.PriorCases
	}
	return in.PriorCases
}

func (a *AdditionalServices) clause() string {
	if a == nil {
		return ""
	}
	return a.Clause
}
