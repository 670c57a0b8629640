package main

import (
	"fmt"
	"os"
	"time"

	"github.com/valetops/assistance/simulation/whatif"
)

// playDays plays -days days from -date, each with the next seed; prints each
// day's table, records the days with -records, and writes the report of a
// single day (-out).
func playDays(o options) error {
	first, err := o.day(nil)
	if err != nil {
		return err
	}
	store, closeStore, err := openRecords(o.records)
	if err != nil {
		return err
	}
	defer closeStore()
	title := fmt.Sprintf("What if: %d cases", first.Cases)
	if o.factor != 1 {
		title += fmt.Sprintf(" (a normal day of %d ×%v)", o.cases, o.factor)
	}
	if o.fleet != 1 {
		title += fmt.Sprintf(", fleet ×%v", o.fleet)
	}
	if len(o.events) > 0 {
		title += ", " + o.events.String()
	}
	for i := range o.days {
		d := first
		d.Date, d.Seed = first.Date.AddDate(0, 0, i), first.Seed+uint64(i)
		if d.Model, err = whatif.CloneModel(first.Model); err != nil {
			return err
		}
		fmt.Printf("%s, %s (seed %d) — playing the day through the real case workflow (skipped time)...\n", title,
			d.Date.Format("Mon 2006-01-02"), d.Seed)
		res, err := whatif.Play(d, bar)
		fmt.Println()
		if err != nil {
			return err
		}
		res.Text(os.Stdout)
		fmt.Printf("played in %s\n", res.Took.Round(time.Second))
		if store != nil {
			n, err := res.Record(background, store)
			if err != nil {
				return err
			}
			fmt.Printf("recorded %d cases in %s\n", n, store.Where())
		}
		if o.out != "" && o.days == 1 {
			if err := writeReport(o.out, res, title); err != nil {
				return err
			}
			fmt.Println("report:", o.out)
		}
	}
	return nil
}

func writeReport(path string, res *whatif.Result, title string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := res.HTML(f, title); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
