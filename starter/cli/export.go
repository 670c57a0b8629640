package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/starter/connect"
)

// alone is a job that needs no Temporal server: it runs without connecting.
type alone interface {
	runAlone(ctx context.Context, stdout io.Writer) error
}

// exportJob writes a client's cases of a period from the record store, or
// the signed link to the same as a CSV download.
type exportJob struct {
	client, format, records string
	from, to                time.Time
	link                    bool
	linkKeys, pagesURL      string
}

func exportFlags(fs *flag.FlagSet, _ *invocation) func([]string) (job, error) {
	j := &exportJob{}
	var from, to string
	fs.StringVar(&j.client, "client", "", "the client whose cases are exported")
	fs.StringVar(&from, "from", "", "the first day of the breakdowns, YYYY-MM-DD (UTC), or an RFC 3339 time")
	fs.StringVar(&to, "to", "", "the last day of the breakdowns, YYYY-MM-DD (UTC, included), or an RFC 3339 time (excluded)")
	fs.StringVar(&j.format, "format", record.FormatCSV, "csv or json")
	fs.StringVar(&j.records, "records", connect.Env(record.EnvURL, record.DefaultURL), "the case record store, sqlite:PATH or postgres://… ($"+record.EnvURL+")")
	fs.BoolVar(&j.link, "link", false, "print the client's signed link to the same export as a CSV download, instead of the export")
	fs.StringVar(&j.linkKeys, "link-keys", os.Getenv("ASSISTANCE_LINK_KEYS"), "-link: the keys signing the links, ID=SECRET,… (the worker's and the API's)")
	fs.StringVar(&j.pagesURL, "pages-url", connect.Env("ASSISTANCE_PAGES_URL", "http://127.0.0.1:8080"), "-link: where our API is reached from outside")
	return func(args []string) (job, error) {
		if err := noArgs(args); err != nil {
			return nil, err
		}
		if err := required("client", j.client); err != nil {
			return nil, err
		}
		if err := required("from", from); err != nil {
			return nil, err
		}
		if err := required("to", to); err != nil {
			return nil, err
		}
		var err error
		if j.from, j.to, err = record.ParsePeriod(from, to); err != nil {
			return nil, fmt.Errorf("-%w", err)
		}
		if j.format != record.FormatCSV && j.format != record.FormatJSON {
			return nil, fmt.Errorf("-format: expected csv or json, got %q", j.format)
		}
		if j.link && j.linkKeys == "" {
			return nil, errors.New("-link-keys (or ASSISTANCE_LINK_KEYS) is required with -link")
		}
		return j, nil
	}
}

// run is runAlone: an export reads the record store, not Temporal.
func (j *exportJob) run(ctx context.Context, _ *starter.Cases, stdout io.Writer) error {
	return j.runAlone(ctx, stdout)
}

func (j *exportJob) runAlone(ctx context.Context, stdout io.Writer) error {
	if j.link {
		keys, err := links.ParseKeys(j.linkKeys)
		if err != nil {
			return fmt.Errorf("-link-keys: %w", err)
		}
		u, err := (&links.Pages{BaseURL: j.pagesURL, Keys: keys}).ExportURL(j.client, j.from, j.to)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "export (client %s, %s to %s, CSV, valid %s)  %s\n", j.client, j.from.Format(time.RFC3339),
			j.to.Format(time.RFC3339), links.DefaultExportTTL, u)
		return err
	}
	// The export reads what is in clear: no payload key is needed.
	st, err := record.Open(ctx, j.records, record.Options{})
	if err != nil {
		return fmt.Errorf("-records: %w", err)
	}
	defer func() { _ = st.Close() }()
	rows, err := st.Export(ctx, record.ExportQuery{ClientID: j.client, From: j.from, To: j.to})
	if err != nil {
		return err
	}
	return record.WriteExport(stdout, rows, j.format)
}
