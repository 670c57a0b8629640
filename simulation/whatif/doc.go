// Package whatif plays a day of breakdowns through the real case workflow
// before it happens: Day.Plan draws the day's cases (arrival curve, mix of
// cases, places near the partner's depots), Play runs them as child workflows
// of BreakdownCase in Temporal's test environment with time skipping, the
// providers answered by the network model (package network) with the day's
// outages applied; Result.Figures, Result.Text and Result.HTML give the
// hour-by-hour figures, the terminal table and the HTML report. The command is
// cmd/whatif; docs/whatif.md says what it assumes.
package whatif
