// Command whatif plays a day of breakdown cases through the real case
// workflow against the modelled providers (the network model), in skipped
// time, and reports per hour and for the day: cases opened, waits from the
// report to dispatch and to on site, fallbacks, offers expired, ETA breaches,
// approvals waiting for clients, what became of the missions, and which
// provider ran out of trucks first. It prints a table and writes an HTML
// report with charts. The same inputs and seed give the same figures.
//
//	go run ./cmd/whatif -cases 2000 -seed 1 -out normal.html
//	go run ./cmd/whatif -cases 2000 -factor 3 -event "leaseco-assistance saturated 07:00-10:00" -out peak.html
//
// It also learns (docs/whatif.md): -days N -records URL plays N days and
// leaves their record; -fit-from URL prints the network file fitted from a
// record (which -network then plays); -backtest FILE checks the fit against a
// network kept aside.
//
//	go run ./cmd/whatif -days 7 -records sqlite:/tmp/week.db -out ''
//	go run ./cmd/whatif -fit-from /tmp/week.db -from 2026-12-14 -to 2026-12-20 > fitted.json
//	go run ./cmd/whatif -backtest simulation/whatif/testdata/aside.json -days 3 -cases 1000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/simulation/whatif"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "whatif:", err)
		os.Exit(2)
	}
}

// eventsFlag collects -event flags.
type eventsFlag []whatif.Event

func (e *eventsFlag) String() string {
	var s []string
	for _, ev := range *e {
		s = append(s, ev.String())
	}
	return strings.Join(s, ", ")
}
func (e *eventsFlag) Set(s string) error {
	ev, err := whatif.ParseEvent(s)
	if err != nil {
		return err
	}
	*e = append(*e, ev)
	return nil
}

// options are the command's flags.
type options struct {
	cases                      int
	factor, decline, fleet     float64
	seed                       uint64
	out, curveFile, mixFile    string
	networkFile, date          string
	opsAfter, clientAfter      time.Duration
	events                     eventsFlag
	days                       int
	records, fitFrom, backtest string
	from, to                   string
	minSamples                 int
}

func run(args []string) error {
	fs := flag.NewFlagSet("whatif", flag.ContinueOnError)
	var o options
	fs.IntVar(&o.cases, "cases", 2000, "cases of a normal day")
	fs.Float64Var(&o.factor, "factor", 1, "multiply the day's cases by this (3: three times the usual breakdowns)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of every draw: the same inputs and seed give the same figures")
	fs.StringVar(&o.out, "out", "whatif.html", "the HTML report to write (empty: none; with -days, one day only)")
	fs.StringVar(&o.curveFile, "curve", "", `arrivals per hour, a JSON file {"hours": [24 weights]} (default: a normal weekday)`)
	fs.StringVar(&o.mixFile, "mix", "", `the mix of cases, a JSON file {"new": 3, "used": 2, ...} over the ready reports of examples/reports (default: simulation/whatif/mix.json, the first two rounds' public acceptance cases' proportions)`)
	fs.StringVar(&o.networkFile, "network", "", "the network model's data file (default: the built-in network, docs/network.md); with -fit-from and -backtest, the base the fit starts from")
	fs.StringVar(&o.date, "date", "2026-12-14", "the day played (its weekday matters to working days)")
	fs.DurationVar(&o.opsAfter, "ops-after", 3*time.Minute, "how long after the report ops qualify a case")
	fs.DurationVar(&o.clientAfter, "client-after", 20*time.Minute, "how long a client takes to answer an approval")
	fs.Float64Var(&o.decline, "decline", 0.2, "share of clients who decline a paid option")
	fs.Float64Var(&o.fleet, "fleet", 1, "multiply every depot's trucks by this (the network file's fleet is sized for the demo; a deployment sizes it to its own)")
	fs.Var(&o.events, "event", `a what-if about a provider, "PROVIDER saturated HH:MM-HH:MM" or "PROVIDER unreachable HH:MM-HH:MM" (repeatable)`)
	fs.IntVar(&o.days, "days", 1, "play this many days from -date, each with the next seed (-backtest: the days learnt from)")
	fs.StringVar(&o.records, "records", "", "write the played days' case records to this store, `URL` sqlite:PATH or postgres://… (docs/records.md)")
	fs.StringVar(&o.fitFrom, "fit-from", "", "print the network file fitted from the record at `URL` (sqlite:PATH, a SQLite file, or postgres://…) and play nothing")
	fs.StringVar(&o.from, "from", "", "-fit-from: the first day of the requests learnt from, YYYY-MM-DD (default: the record's beginning)")
	fs.StringVar(&o.to, "to", "", "-fit-from: the last day learnt from, YYYY-MM-DD, included (default: today)")
	fs.IntVar(&o.minSamples, "min-samples", 0, "-fit-from, -backtest: the observations a parameter is fitted from at least (0: 20)")
	fs.StringVar(&o.backtest, "backtest", "", "play -days days with the network `FILE` kept aside, fit, predict the next day and compare (docs/whatif.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case o.fitFrom != "":
		return fitFrom(o)
	case o.backtest != "":
		return backtest(o)
	}
	return playDays(o)
}

// day is the what-if's day from the flags, with model m (nil: -network).
func (o options) day(m *network.Model) (whatif.Day, error) {
	if o.cases <= 0 || o.factor <= 0 {
		return whatif.Day{}, fmt.Errorf("-cases and -factor must be positive")
	}
	if o.decline < 0 || o.decline > 1 {
		return whatif.Day{}, fmt.Errorf("-decline: %v is not a share between 0 and 1", o.decline)
	}
	if o.fleet <= 0 {
		return whatif.Day{}, fmt.Errorf("-fleet must be positive")
	}
	if o.days < 1 {
		return whatif.Day{}, fmt.Errorf("-days must be at least 1")
	}
	date, err := time.Parse("2006-01-02", o.date)
	if err != nil {
		return whatif.Day{}, fmt.Errorf("-date: %w", err)
	}
	if m == nil {
		if m, err = network.LoadOrDefault(o.networkFile); err != nil {
			return whatif.Day{}, err
		}
	}
	whatif.ScaleFleet(m, o.fleet)
	curve := whatif.NormalDay
	if o.curveFile != "" {
		if curve, err = whatif.LoadCurve(o.curveFile); err != nil {
			return whatif.Day{}, err
		}
	}
	mix := whatif.DefaultMix()
	if o.mixFile != "" {
		if mix, err = whatif.LoadMix(o.mixFile); err != nil {
			return whatif.Day{}, err
		}
	}
	return whatif.Day{
		Date: date, Cases: int(float64(o.cases)*o.factor + 0.5), Curve: curve, Mix: mix, Seed: o.seed, Model: m,
		Events: o.events, OpsAfter: o.opsAfter, ClientAfter: o.clientAfter, DeclineShare: o.decline,
	}, nil
}

// bar draws the progress bar on the terminal.
func bar(closed, total int) {
	const width = 40
	n := width * closed / max(total, 1)
	fmt.Printf("\r  [%s%s] %d/%d cases closed", strings.Repeat("█", n), strings.Repeat("·", width-n), closed, total)
}

var background = context.Background()
