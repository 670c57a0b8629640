package scorecard

import (
	"fmt"
	"math"
)

// Target is a figure the trade asks of assistance providers, and whose.
type Target struct {
	// Who asks it (Agero, Road America); What it asks, in words.
	Who, What string
	// Op compares the figure with Value: "≥", "≤" or "<"; Unit is the
	// figure's unit, "%" or "min".
	Op    string
	Value float64
	Unit  string
}

// The trade's targets (docs/scorecards.md): Agero asks its providers to
// accept 95 % of the jobs offered, to arrive on average within 60 min for a
// tow and 45 min for roadside help, and counts a reassigned job against them
// (goal under 1 %); Road America wants 90 % of arrivals within the promised
// time.
var (
	TargetAccept        = Target{Who: "Agero", What: "jobs offered accepted", Op: "≥", Value: 95, Unit: "%"}
	TargetWithinPromise = Target{Who: "Road America", What: "arrivals within the promised time", Op: "≥", Value: 90, Unit: "%"}
	TargetTowArrival    = Target{Who: "Agero", What: "average arrival of a tow", Op: "≤", Value: 60, Unit: "min"}
	TargetRoadside      = Target{Who: "Agero", What: "average arrival of roadside help", Op: "≤", Value: 45, Unit: "min"}
	TargetReassign      = Target{Who: "Agero", What: "jobs reassigned", Op: "<", Value: 1, Unit: "%"}
)

// Targets are the trade's targets, in the order of the table.
var Targets = []Target{TargetAccept, TargetWithinPromise, TargetTowArrival, TargetRoadside, TargetReassign}

// Met reports whether the figure v (in the target's unit) meets the target; a
// figure that cannot be measured (NaN) is not held against the provider.
func (t Target) Met(v float64) bool {
	switch {
	case math.IsNaN(v):
		return true
	case t.Op == "≤":
		return v <= t.Value
	case t.Op == "<":
		return v < t.Value
	}
	return v >= t.Value
}

// String is the target as the table says it: "≥ 95 % (Agero)".
func (t Target) String() string {
	return fmt.Sprintf("%s %g %s (%s)", t.Op, t.Value, t.Unit, t.Who)
}
