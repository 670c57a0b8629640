package whatif

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/fit"
	"github.com/valetops/assistance/simulation/network"
)

// Backtest checks the what-if that learns: the simulator plays Days days
// with the network kept aside (Truth) and records them; the network model is
// fitted from that record (package fit, starting from Base); the next day is
// then predicted with the fitted model and played with Truth, and the two
// compared. The day after the learnt ones is also played with Base, unfitted:
// what the what-if predicted before it learnt.
type Backtest struct {
	// Day is every day's template: its cases, curve, mix, windows; Date and
	// Seed are the first day's, each next day one day and one seed later.
	Day   Day
	Truth *network.Model
	Base  *network.Model
	Days  int
	// Records is where the played days are recorded and read back.
	Records *record.Store
	Fit     fit.Options
}

// BacktestResult is what a backtest found.
type BacktestResult struct {
	// Fitted is the model fitted from the learnt days, Changes what the fit
	// changed in Base, Requests how many requests it learnt from.
	Fitted   *network.Model
	Changes  []fit.Change
	Requests int
	// Actual is the next day as the simulator played it (Truth); Predicted
	// as the fitted model predicted it; Unfitted as Base did.
	Actual, Predicted, Unfitted Figures
	Took                        time.Duration
}

// Run plays the backtest; progress, when not nil, hears what it does.
func (b Backtest) Run(ctx context.Context, progress func(string)) (*BacktestResult, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	started := time.Now()
	day := func(i int, m *network.Model) (Day, error) {
		d := b.Day
		d.Date, d.Seed = b.Day.Date.AddDate(0, 0, i), b.Day.Seed+uint64(i)
		c, err := CloneModel(m)
		d.Model = c
		return d, err
	}
	for i := range b.Days {
		d, err := day(i, b.Truth)
		if err != nil {
			return nil, err
		}
		res, err := Play(d, nil)
		if err != nil {
			return nil, fmt.Errorf("day %s: %w", d.Date.Format("2006-01-02"), err)
		}
		n, err := res.Record(ctx, b.Records)
		if err != nil {
			return nil, err
		}
		say("played %s with the network kept aside: %d cases recorded", d.Date.Format("2006-01-02"), n)
	}
	from, to := b.Day.Date, b.Day.Date.AddDate(0, 0, b.Days)
	entries, err := b.Records.ScorecardEntries(ctx, record.ScorecardQuery{From: from, To: to})
	if err != nil {
		return nil, err
	}
	fitted, changes, err := fit.Fit(entries, b.Base, b.Fit)
	if err != nil {
		return nil, err
	}
	say("fitted the network from %d requests to providers", len(entries))
	out := &BacktestResult{Fitted: fitted, Changes: changes, Requests: len(entries)}
	for _, p := range []struct {
		name  string
		model *network.Model
		into  *Figures
	}{{"the network kept aside", b.Truth, &out.Actual}, {"the fitted network", fitted, &out.Predicted}, {"the base network, unfitted", b.Base, &out.Unfitted}} {
		d, err := day(b.Days, p.model)
		if err != nil {
			return nil, err
		}
		res, err := Play(d, nil)
		if err != nil {
			return nil, fmt.Errorf("next day with %s: %w", p.name, err)
		}
		_, *p.into = res.Figures()
		say("played %s with %s", d.Date.Format("2006-01-02"), p.name)
	}
	out.Took = time.Since(started)
	return out, nil
}

// CloneModel is a deep copy of m (Play adds the day's events to its model).
func CloneModel(m *network.Model) (*network.Model, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return network.Parse(data)
}

// Error is the relative error of a prediction: |predicted − actual| / actual;
// NaN when actual is zero.
func Error(predicted, actual float64) float64 {
	if actual == 0 {
		return math.NaN()
	}
	return math.Abs(predicted-actual) / actual
}

// Compared are the figures a backtest compares, each as (actual, predicted,
// unfitted).
func (r *BacktestResult) Compared() []Comparison {
	mins := func(f Figures, p float64) float64 { return P(f.ToOnSite, p).Minutes() }
	return []Comparison{
		{"report → on site p50 (min)", mins(r.Actual, 50), mins(r.Predicted, 50), mins(r.Unfitted, 50)},
		{"report → on site p90 (min)", mins(r.Actual, 90), mins(r.Predicted, 90), mins(r.Unfitted, 90)},
		{"fallbacks", float64(r.Actual.Fallbacks), float64(r.Predicted.Fallbacks), float64(r.Unfitted.Fallbacks)},
		{"ETA breaches", float64(r.Actual.EtaBreaches), float64(r.Predicted.EtaBreaches), float64(r.Unfitted.EtaBreaches)},
		{"offers expired", float64(r.Actual.OffersExpired), float64(r.Predicted.OffersExpired), float64(r.Unfitted.OffersExpired)},
	}
}

// Comparison is one figure of the next day: as played, as the fitted model
// predicted it, as the unfitted base predicted it.
type Comparison struct {
	Figure                      string
	Actual, Predicted, Unfitted float64
}

// Text writes the comparison, and the fitted parameters.
func (r *BacktestResult) Text(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "the next day\tplayed (kept aside)\tpredicted (fitted)\terror\tpredicted (base, unfitted)\terror\t")
	for _, c := range r.Compared() {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%s\t%.0f\t%s\t\n", c.Figure, c.Actual, c.Predicted, pct(Error(c.Predicted, c.Actual)),
			c.Unfitted, pct(Error(c.Unfitted, c.Actual)))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "fitted from %d requests to providers in %s\n", r.Requests, r.Took.Round(time.Second))
}

func pct(e float64) string {
	if math.IsNaN(e) {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*e)
}
