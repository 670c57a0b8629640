// Package rules holds the rules of a breakdown case as plain Go: the
// qualification proposed from the symptoms, whether the vehicle is compliant,
// the routing to an assistance and its alternatives, the decision on the
// mission, and the client's windows. Its subpackages hold the vehicle's
// programs: coverage (what an assistance program owes) and warranty (how a
// warranty claim is settled).
//
// Nothing here knows about Temporal or does I/O: the workflow in package
// workflows calls these rules, and they are table-tested on their own. The
// words follow the glossary of the domain (docs/glossary.md).
package rules
