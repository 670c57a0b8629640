// Package coverage says what a vehicle's assistance program owes for a
// breakdown, from programs written as data files (programs/<id>.json; see
// docs/coverage-programs.md for the schema and the worked BYD example).
//
// Evaluate decides the coverage of a case (covered, limited, or not covered
// with a reason), the basic services the program provides and where a tow
// goes. Entitlements says which additional services the beneficiary may choose
// after a tow, with their caps, and whether the vehicle is repatriated;
// ValidateChoice checks a choice against what was offered.
//
// Everything here is pure and deterministic: no clock, no I/O besides loading
// program files, no Temporal. Working days come from github.com/rickar/cal/v2
// and its per-country holiday packages; geometry (excluded areas inside a
// listed country, such as the Azores in Portugal) from github.com/paulmach/orb.
package coverage
