package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/valetops/assistance/providers/scorecard"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/starter/connect"
)

// scorecardJob prints the providers' scorecards of a period from the record
// store, and writes their report with charts.
type scorecardJob struct {
	provider, records, out string
	from, to               string
	period                 scorecard.Period
}

func scorecardFlags(fs *flag.FlagSet, _ *invocation) func([]string) (job, error) {
	j := &scorecardJob{}
	fs.StringVar(&j.from, "from", "", "the first day of the requests to providers, YYYY-MM-DD (UTC), or an RFC 3339 time")
	fs.StringVar(&j.to, "to", "", "the last day of the requests, YYYY-MM-DD (UTC, included), or an RFC 3339 time (excluded)")
	fs.StringVar(&j.provider, "provider", "", "one provider's scorecard (default: every provider asked in the period)")
	fs.StringVar(&j.records, "records", connect.Env(record.EnvURL, record.DefaultURL), "the case record store, sqlite:PATH or postgres://… ($"+record.EnvURL+")")
	fs.StringVar(&j.out, "out", "", "also write the report with charts and the trade's targets to this HTML `FILE`")
	return func(args []string) (job, error) {
		if err := noArgs(args); err != nil {
			return nil, err
		}
		if err := required("from", j.from); err != nil {
			return nil, err
		}
		if err := required("to", j.to); err != nil {
			return nil, err
		}
		from, to, err := record.ParsePeriod(j.from, j.to)
		if err != nil {
			return nil, fmt.Errorf("-%w", err)
		}
		j.period = scorecard.Period{From: from, To: to}
		return j, nil
	}
}

// run is runAlone: a scorecard reads the record store, not Temporal.
func (j *scorecardJob) run(ctx context.Context, _ *starter.Cases, stdout io.Writer) error {
	return j.runAlone(ctx, stdout)
}

func (j *scorecardJob) runAlone(ctx context.Context, stdout io.Writer) error {
	// The scorecard reads what is in clear: no payload key is needed.
	st, err := record.Open(ctx, j.records, record.Options{})
	if err != nil {
		return fmt.Errorf("-records: %w", err)
	}
	defer func() { _ = st.Close() }()
	entries, err := st.ScorecardEntries(ctx, record.ScorecardQuery{From: j.period.From, To: j.period.To, Provider: j.provider})
	if err != nil {
		return err
	}
	cards := scorecard.Compute(entries, scorecard.Options{})
	if err := scorecard.Text(stdout, j.period, cards); err != nil {
		return err
	}
	if j.out == "" {
		return nil
	}
	f, err := os.Create(j.out)
	if err != nil {
		return err
	}
	title := "Provider scorecards"
	if j.provider != "" {
		title = "Scorecard of " + j.provider
	}
	if err := scorecard.HTML(f, title, j.period, cards); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, "report:", j.out)
	return err
}
