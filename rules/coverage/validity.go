package coverage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"
)

// MonthsFor is the validity in months for this vehicle: the base months plus
// every extension whose condition holds, and the terms as "24 + 12 + 12".
func (v Validity) MonthsFor(vehicle contract.Vehicle) (int, string) {
	total := v.Months
	terms := []string{strconv.Itoa(v.Months)}
	for _, e := range v.Extensions {
		if e.holds(vehicle) {
			total += e.Months
			terms = append(terms, strconv.Itoa(e.Months))
		}
	}
	return total, strings.Join(terms, " + ")
}

func (e Extension) holds(vehicle contract.Vehicle) bool {
	switch e.Condition {
	case ConditionMaintenanceFollowed:
		return vehicle.MaintenanceFollowed
	}
	return false
}

// End is the first day not covered: delivered_on plus the months (Go's
// AddDate, so 29 February + 24 months is 1 March and the cover runs through
// 28 February). ok is false when the report gives no delivery date.
func (v Validity) End(vehicle contract.Vehicle) (end time.Time, ok bool) {
	delivered, err := time.Parse(contract.DateLayout, vehicle.DeliveredOn)
	if err != nil {
		return time.Time{}, false
	}
	months, _ := v.MonthsFor(vehicle)
	return delivered.AddDate(0, months, 0), true
}

// check says whether the breakdown (its UTC date) falls after the validity,
// with a phrase for the reason.
func (v Validity) check(r contract.Report) (string, bool) {
	end, ok := v.End(r.Vehicle)
	if !ok {
		return "delivery date unknown, so the validity is left to the assistance", false
	}
	months, terms := v.MonthsFor(r.Vehicle)
	if len(v.Extensions) > 0 && !r.Vehicle.MaintenanceFollowed {
		terms += ", maintenance plan not followed"
	}
	at := r.BrokeDownAt().UTC()
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	delivered, _ := time.Parse(contract.DateLayout, r.Vehicle.DeliveredOn)
	elapsed := monthsBetween(delivered, day)
	if !day.Before(end) {
		return fmt.Sprintf("delivered on %s, %d months before the breakdown: the program lasts %d months (%s) and ended on %s",
			r.Vehicle.DeliveredOn, elapsed, months, terms, end.AddDate(0, 0, -1).Format(contract.DateLayout)), true
	}
	return fmt.Sprintf("%d months after delivery, within the %d months of validity (%s)", elapsed, months, terms), false
}

// monthsBetween counts the whole calendar months from a to b.
func monthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return m
}
