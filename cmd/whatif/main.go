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
package main

import (
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

func run(args []string) error {
	fs := flag.NewFlagSet("whatif", flag.ContinueOnError)
	cases := fs.Int("cases", 2000, "cases of a normal day")
	factor := fs.Float64("factor", 1, "multiply the day's cases by this (3: three times the usual breakdowns)")
	seed := fs.Uint64("seed", 1, "seed of every draw: the same inputs and seed give the same figures")
	out := fs.String("out", "whatif.html", "the HTML report to write (empty: none)")
	curveFile := fs.String("curve", "", `arrivals per hour, a JSON file {"hours": [24 weights]} (default: a normal weekday)`)
	mixFile := fs.String("mix", "", `the mix of cases, a JSON file {"new": 3, "used": 2, ...} over the ready reports of examples/reports (default: simulation/whatif/mix.json, the first two rounds' public acceptance cases' proportions)`)
	networkFile := fs.String("network", "", "the network model's data file (default: the built-in network, docs/network.md)")
	date := fs.String("date", "2026-12-14", "the day played (its weekday matters to working days)")
	opsAfter := fs.Duration("ops-after", 3*time.Minute, "how long after the report ops qualify a case")
	clientAfter := fs.Duration("client-after", 20*time.Minute, "how long a client takes to answer an approval")
	decline := fs.Float64("decline", 0.2, "share of clients who decline a paid option")
	fleet := fs.Float64("fleet", 1, "multiply every depot's trucks by this (the network file's fleet is sized for the demo; a deployment sizes it to its own)")
	var events eventsFlag
	fs.Var(&events, "event", `a what-if about a provider, "PROVIDER saturated HH:MM-HH:MM" or "PROVIDER unreachable HH:MM-HH:MM" (repeatable)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cases <= 0 || *factor <= 0 {
		return fmt.Errorf("-cases and -factor must be positive")
	}
	if *decline < 0 || *decline > 1 {
		return fmt.Errorf("-decline: %v is not a share between 0 and 1", *decline)
	}
	day, err := time.Parse("2006-01-02", *date)
	if err != nil {
		return fmt.Errorf("-date: %w", err)
	}
	model, err := network.LoadOrDefault(*networkFile)
	if err != nil {
		return err
	}
	if *fleet <= 0 {
		return fmt.Errorf("-fleet must be positive")
	}
	whatif.ScaleFleet(model, *fleet)
	curve := whatif.NormalDay
	if *curveFile != "" {
		if curve, err = whatif.LoadCurve(*curveFile); err != nil {
			return err
		}
	}
	mix := whatif.DefaultMix()
	if *mixFile != "" {
		if mix, err = whatif.LoadMix(*mixFile); err != nil {
			return err
		}
	}
	d := whatif.Day{
		Date: day, Cases: int(float64(*cases)**factor + 0.5), Curve: curve, Mix: mix, Seed: *seed, Model: model,
		Events: events, OpsAfter: *opsAfter, ClientAfter: *clientAfter, DeclineShare: *decline,
	}
	title := fmt.Sprintf("What if: %d cases", d.Cases)
	if *factor != 1 {
		title += fmt.Sprintf(" (a normal day of %d ×%v)", *cases, *factor)
	}
	if *fleet != 1 {
		title += fmt.Sprintf(", fleet ×%v", *fleet)
	}
	if len(events) > 0 {
		title += ", " + events.String()
	}
	fmt.Printf("%s — playing the day through the real case workflow (skipped time)...\n", title)
	res, err := whatif.Play(d, bar)
	fmt.Println()
	if err != nil {
		return err
	}
	res.Text(os.Stdout)
	fmt.Printf("played in %s\n", res.Took.Round(time.Second))
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		if err := res.HTML(f, title); err != nil {
			_ = f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Println("report:", *out)
	}
	return nil
}

// bar draws the progress bar on the terminal.
func bar(closed, total int) {
	const width = 40
	n := width * closed / max(total, 1)
	fmt.Printf("\r  [%s%s] %d/%d cases closed", strings.Repeat("█", n), strings.Repeat("·", width-n), closed, total)
}
