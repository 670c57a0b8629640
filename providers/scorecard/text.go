package scorecard

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/valetops/assistance/contract"
)

// Period is the requests' period of a set of scorecards, [From, To).
type Period struct{ From, To time.Time }

// String is the period as the table's title says it.
func (p Period) String() string {
	to := p.To
	if to.Equal(to.Truncate(24*time.Hour)) && p.From.Equal(p.From.Truncate(24*time.Hour)) {
		return fmt.Sprintf("%s to %s (UTC, both included)", p.From.Format("2006-01-02"), to.Add(-24*time.Hour).Format("2006-01-02"))
	}
	return fmt.Sprintf("%s to %s", p.From.Format(time.RFC3339), to.Format(time.RFC3339))
}

// row is one line of the table: a figure, its target, and its value for
// each provider.
type row struct {
	figure, target string
	values         []string
}

// rows are the table's lines, figures down, providers across.
func rows(cards []Card) []row {
	var out []row
	add := func(figure string, t *Target, value func(Card) string) {
		r := row{figure: figure}
		if t != nil {
			r.target = t.String()
		}
		for _, c := range cards {
			r.values = append(r.values, value(c))
		}
		out = append(out, r)
	}
	count := func(f func(Card) int) func(Card) string { return func(c Card) string { return fmt.Sprint(f(c)) } }
	add("offers sent", nil, count(func(c Card) int { return c.Offers }))
	add("accepted within the offer window", &TargetAccept, func(c Card) string { return share(c.Accepted, c.AcceptRate(), TargetAccept) })
	add("refused", nil, count(func(c Card) int { return c.Refused }))
	for _, reason := range reasons(cards) {
		add("  "+reason, nil, count(func(c Card) int { return c.RefusedBy[reason] }))
	}
	add("offers expired (no answer in time)", nil, count(func(c Card) int { return c.Expired }))
	add("busy past the saturation window", nil, count(func(c Card) int { return c.Saturated }))
	add("unreachable", nil, count(func(c Card) int { return c.Unreachable }))
	add("time to accept, p50 / p90", nil, func(c Card) string { return pair(c.ToAccept) })
	add("ETA promised, p50 / p90", nil, func(c Card) string { return pair(c.ETAs) })
	add("arrivals", nil, count(func(c Card) int { return c.Arrivals }))
	add("  within the promise", &TargetWithinPromise, func(c Card) string {
		return share(c.WithinPromise, c.WithinPromiseRate(), TargetWithinPromise)
	})
	add("  ETA breaches (past the grace, or replaced)", nil, count(func(c Card) int { return c.Breaches }))
	add("  tow, request → on site, mean", &TargetTowArrival, func(c Card) string { return mean(c.TowArrivals, TargetTowArrival) })
	add("  roadside help, request → on site, mean", &TargetRoadside, func(c Card) string { return mean(c.RoadsideArrivals, TargetRoadside) })
	add("reassigned", &TargetReassign, func(c Card) string { return share(c.Replaced, c.ReassignRate(), TargetReassign) })
	add("  for a broken promise / a sooner arrival", nil, func(c Card) string { return fmt.Sprintf("%d / %d", c.ReplacedLate, c.Superseded) })
	add("jobs ended: repaired", nil, count(func(c Card) int { return c.Ended[contract.MilestoneRepaired] }))
	add("  towed", nil, count(func(c Card) int { return c.Ended[contract.MilestoneTowed] }))
	add("  phone help", nil, count(func(c Card) int { return c.Ended[contract.MilestoneFixedByPhone] }))
	add("  gone on arrival", nil, count(func(c Card) int { return c.Ended[contract.MilestoneGoneOnArrival] }))
	add("  unsuccessful repairs (a tow followed)", nil, count(func(c Card) int { return c.Unsuccessful }))
	add("  not finished (replaced, cancelled)", nil, count(func(c Card) int { return c.Unfinished }))
	add("promises kept (reliability)", nil, func(c Card) string {
		if c.Promises() == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f of %d", c.Reliability(), c.Promises())
	})
	return out
}

// reasons are the refusals' reasons of every card, sorted.
func reasons(cards []Card) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cards {
		for r := range c.RefusedBy {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	sort.Strings(out)
	return out
}

// share is "n (r %)", marked ✗ when r misses t.
func share(n int, r float64, t Target) string {
	if math.IsNaN(r) {
		return fmt.Sprint(n)
	}
	s := fmt.Sprintf("%d (%s %%)", n, percent(r))
	if !t.Met(100 * r) {
		s += " ✗"
	}
	return s
}

// percent writes a share as a percentage, with a decimal below 10 %.
func percent(r float64) string {
	if p := 100 * r; p < 10 && p != 0 {
		return fmt.Sprintf("%.1f", p)
	}
	return fmt.Sprintf("%.0f", 100*r)
}

// mean is the mean of ds in minutes, marked ✗ when it misses t.
func mean(ds []time.Duration, t Target) string {
	if len(ds) == 0 {
		return "-"
	}
	m := Mean(ds).Minutes()
	s := fmt.Sprintf("%.0f min", m)
	if !t.Met(m) {
		s += " ✗"
	}
	return s
}

// pair is "p50 / p90" of ds.
func pair(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	return short(P(ds, 50)) + " / " + short(P(ds, 90))
}

// short writes a duration to the second below a minute, the minute above.
func short(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	return fmt.Sprintf("%.0f min", d.Minutes())
}

// Text writes the scorecards of the period as a table, figures down and
// providers across, the trade's targets beside the figures (✗: missed).
func Text(w io.Writer, p Period, cards []Card) error {
	if len(cards) == 0 {
		_, err := fmt.Fprintf(w, "no request to a provider from %s\n", p)
		return err
	}
	fmt.Fprintf(w, "provider scorecards, requests sent from %s\n", p)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	names := make([]string, len(cards))
	for i, c := range cards {
		names[i] = c.Provider
	}
	fmt.Fprintf(tw, "figure\ttarget\t%s\t\n", strings.Join(names, "\t"))
	for _, r := range rows(cards) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", r.figure, r.target, strings.Join(r.values, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "✗: misses the target. Times from the request; within the promise: on site by the ETA given with the acceptance (docs/scorecards.md).")
	return err
}
