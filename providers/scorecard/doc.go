// Package scorecard measures the assistance providers by what they did, from
// the case record (package record: every request to a provider, its answer,
// its promise, its arrival, how its work ended): per provider and period, the
// offers sent and how they were answered, the times to accept and the ETAs
// promised, the arrivals within the promise and the breaches, the jobs
// reassigned, how the jobs ended — beside the trade's targets (Agero, Road
// America). It prints them as a table or writes a report with charts, and
// gives the ranking of the operator's partners their measured reliability
// over a rolling window (Measure). docs/scorecards.md says what each figure
// counts.
package scorecard
