// Package breakdown holds the rules of a breakdown case as plain Go: the valet's
// report and its validation, the qualification of the breakdown, the routing to
// an assistance, the decision on the mission, and the outcome of the case.
//
// Nothing here knows about Temporal: the workflow in package workflows calls these
// rules, and they are table-tested on their own. The words follow the glossary of
// the domain (mission, valet, breakdown, drivable, origin, lessor, manufacturer,
// insurer, operator's partner, on-site repair, tow, ...).
package breakdown
