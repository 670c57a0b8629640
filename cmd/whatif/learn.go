package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/fit"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/simulation/whatif"
)

// recordsURL is a store's URL: a URL as given, or a SQLite file's path.
func recordsURL(s string) string {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "sqlite:") {
		return s
	}
	return "sqlite:" + s
}

// openRecords opens the store at url to write the played days (a fresh
// payload key seals what the what-if's records hold sealed: nothing reads it
// back); "" opens none.
func openRecords(url string) (*record.Store, func(), error) {
	if url == "" {
		return nil, func() {}, nil
	}
	entry, err := encryption.NewEntry("whatif")
	if err != nil {
		return nil, nil, err
	}
	keys, err := encryption.ParseKeys(entry)
	if err != nil {
		return nil, nil, err
	}
	st, err := record.Open(background, recordsURL(url), record.Options{Keys: keys})
	if err != nil {
		return nil, nil, fmt.Errorf("-records: %w", err)
	}
	return st, func() { _ = st.Close() }, nil
}

// fitFrom prints the network file fitted from the record, what changed on
// stderr.
func fitFrom(o options) error {
	base, err := network.LoadOrDefault(o.networkFile)
	if err != nil {
		return err
	}
	from, to := time.Time{}, time.Now().UTC()
	if o.from != "" || o.to != "" {
		f, t := o.from, o.to
		if f == "" {
			f = "2000-01-01"
		}
		if t == "" {
			t = to.Format("2006-01-02")
		}
		if from, to, err = record.ParsePeriod(f, t); err != nil {
			return fmt.Errorf("-%w", err)
		}
	}
	st, err := record.Open(background, recordsURL(o.fitFrom), record.Options{})
	if err != nil {
		return fmt.Errorf("-fit-from: %w", err)
	}
	defer func() { _ = st.Close() }()
	entries, err := st.ScorecardEntries(background, record.ScorecardQuery{From: from, To: to})
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return fmt.Errorf("-fit-from: no request to a provider in %s from %s to %s", st.Where(), from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	fitted, changes, err := fit.Fit(entries, base, fit.Options{MinSamples: o.minSamples})
	if err != nil {
		return err
	}
	baseName := "the built-in network"
	if o.networkFile != "" {
		baseName = filepath.Base(o.networkFile)
	}
	fitted.Description = fmt.Sprintf("Fitted by whatif -fit-from from %d requests to providers in %s, %s to %s (docs/whatif.md); "+
		"depots, trucks, reach, speeds, turnout, tow distances and quotes from %s.", len(entries), st.Where(),
		entries[0].RequestedAt.Format("2006-01-02"), entries[len(entries)-1].RequestedAt.Format("2006-01-02"), baseName)
	printChanges(changes)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(fitted)
}

// printChanges writes what the fit changed, on stderr.
func printChanges(changes []fit.Change) {
	tw := tabwriter.NewWriter(os.Stderr, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "provider\tparameter\tbase\tfitted\tobservations")
	for _, c := range changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", c.Provider, c.Parameter, c.Base, c.Fitted, c.N)
	}
	_ = tw.Flush()
}

// backtest plays the backtest of the flags and prints it.
func backtest(o options) error {
	truth, err := network.Load(o.backtest)
	if err != nil {
		return err
	}
	whatif.ScaleFleet(truth, o.fleet)
	day, err := o.day(nil)
	if err != nil {
		return err
	}
	records := o.records
	if records == "" {
		dir, err := os.MkdirTemp("", "whatif-backtest-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		records = record.SQLiteURL(dir)
	}
	st, closeStore, err := openRecords(records)
	if err != nil {
		return err
	}
	defer closeStore()
	b := whatif.Backtest{Day: day, Truth: truth, Base: day.Model, Days: o.days, Records: st, Fit: fit.Options{MinSamples: o.minSamples}}
	res, err := b.Run(background, func(s string) { fmt.Fprintln(os.Stderr, s) })
	if err != nil {
		return err
	}
	printChanges(res.Changes)
	res.Text(os.Stdout)
	return nil
}
