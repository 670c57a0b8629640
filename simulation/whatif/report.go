package whatif

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/go-analyze/charts"
)

// Assumptions are what the model takes for granted; the report states them.
var Assumptions = []string{
	"Cases arrive by the hour as the curve says (the built-in normal weekday unless a curve file is given), at an instant drawn evenly within the hour.",
	"Each case is one of the ready reports of examples/reports (one per routing kind), drawn by the mix (by default in the proportions of the public acceptance cases), placed within 25 km of one of the operator's partner's depots, weighted by its trucks.",
	"Ops qualify every case a fixed delay after its report, with the origin of its kind and the nature the rules propose; nobody answers ops' alerts.",
	"A client asked to approve a paid option answers after a fixed delay and approves the tow (a share of clients, fixed by the case's number, declines); the beneficiary takes the first additional service offered.",
	"The providers are the network model's (its data file): depots and trucks, road speed, answering delays, acceptance rates, on-site repairs against tows, late arrivals; a provider with no free truck is busy. Additional services (hire cars, hotels, taxis) never run out.",
	"Every window of a case is the default one (docs/saga.md); the real case workflow runs in Temporal's test environment, in skipped time.",
}

// Text writes the figures as a table.
func (r *Result) Text(w io.Writer) {
	hours, day := r.Figures()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "hour\topened\tto dispatch p50\tp90\tto on site p50\tp90\tfallbacks\toffers expired\tETA breaches\tapprovals asked\twaiting\tresumed\tsuspended\treorganised\tstopped\t")
	row := func(f Figures) {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", f.Label, f.Opened,
			mins(P(f.ToDispatch, 50)), mins(P(f.ToDispatch, 90)), mins(P(f.ToOnSite, 50)), mins(P(f.ToOnSite, 90)),
			f.Fallbacks, f.OffersExpired, f.EtaBreaches, f.ApprovalsAsked, f.ApprovalsWaiting,
			f.Missions[contract.MissionResumed], f.Missions[contract.MissionSuspended],
			f.Missions[contract.MissionReorganised], f.Missions[contract.MissionStopped])
	}
	for _, f := range hours {
		if f.Opened > 0 || f.ApprovalsWaiting > 0 {
			row(f)
		}
	}
	row(day)
	_ = tw.Flush()
	who, when := r.RanOutFirst()
	if who == "" {
		fmt.Fprintln(w, "no provider ran out of trucks")
	} else {
		fmt.Fprintf(w, "first to run out: %s at %s\n", who, when.Format("15:04"))
	}
	fmt.Fprintf(w, "network: %+v\n", r.Network)
}

func mins(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0fm", d.Minutes())
}

//go:embed report.html
var reportHTML string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"mins": mins,
	"mission": func(f Figures, m string) int { return f.Missions[contract.MissionStatus(m)] },
	"p":       func(ds []time.Duration, p float64) time.Duration { return P(ds, p) },
}).Parse(reportHTML))

// HTML writes the report: what was played, the charts, the table, the
// assumptions. The charts are SVG drawn here (github.com/go-analyze/charts),
// inline: the file needs nothing else to open.
func (r *Result) HTML(w io.Writer, title string) error {
	hours, day := r.Figures()
	var active []Figures
	for _, f := range hours {
		if f.Opened > 0 || f.ApprovalsWaiting > 0 {
			active = append(active, f)
		}
	}
	labels := make([]string, len(active))
	opened, fallbacks, breaches := make([]float64, len(active)), make([]float64, len(active)), make([]float64, len(active))
	p50, p90, site50 := make([]float64, len(active)), make([]float64, len(active)), make([]float64, len(active))
	for i, f := range active {
		labels[i] = f.Label
		opened[i], fallbacks[i], breaches[i] = float64(f.Opened), float64(f.Fallbacks), float64(f.EtaBreaches)
		p50[i], p90[i], site50[i] = P(f.ToDispatch, 50).Minutes(), P(f.ToDispatch, 90).Minutes(), P(f.ToOnSite, 50).Minutes()
	}
	load, err := barChart("Cases opened, fallbacks and ETA breaches per hour", labels,
		[]string{"opened", "fallbacks", "ETA breaches"}, [][]float64{opened, fallbacks, breaches})
	if err != nil {
		return err
	}
	waits, err := lineChart("Waits from the report, minutes", labels,
		[]string{"to dispatch p50", "to dispatch p90", "to on site p50"}, [][]float64{p50, p90, site50})
	if err != nil {
		return err
	}
	who, when := r.RanOutFirst()
	var events []string
	for _, e := range r.Day.Events {
		events = append(events, e.String())
	}
	return reportTemplate.Execute(w, map[string]any{
		"Title": title, "Day": r.Day, "Hours": active, "Total": day, "Events": strings.Join(events, "; "),
		"Load": template.HTML(load), "Waits": template.HTML(waits), "RanOut": who, "RanOutAt": when.Format("15:04"),
		"Network": r.Network, "Assumptions": Assumptions, "Took": r.Took.Round(100 * time.Millisecond),
		"Statuses": []string{"resumed", "suspended", "reorganised", "stopped"},
	})
}

func barChart(title string, labels, series []string, values [][]float64) (string, error) {
	opt := charts.NewBarChartOptionWithData(values)
	opt.Title = charts.TitleOption{Text: title}
	opt.CategoryAxis.Labels, opt.CategoryAxis.LabelCount = hourLabels(labels), len(labels)
	opt.Legend = charts.LegendOption{SeriesNames: series, Offset: charts.OffsetRight}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputSVG, Width: 900, Height: 360})
	if err := p.BarChart(opt); err != nil {
		return "", err
	}
	return svg(p)
}

func lineChart(title string, labels, series []string, values [][]float64) (string, error) {
	opt := charts.NewLineChartOptionWithData(values)
	opt.Title = charts.TitleOption{Text: title}
	opt.XAxis.Labels, opt.XAxis.LabelCount = hourLabels(labels), len(labels)
	opt.Legend = charts.LegendOption{SeriesNames: series, Offset: charts.OffsetRight}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputSVG, Width: 900, Height: 360})
	if err := p.LineChart(opt); err != nil {
		return "", err
	}
	return svg(p)
}

// hourLabels are the charts' labels of hours ("06:00"): the hour alone
// ("06h"), every other one when there are more than twelve, so that no two
// labels run into each other however many hours the day has (the library
// otherwise chooses which to print, and prints its last one against its
// neighbour: "06:0007:00").
func hourLabels(labels []string) []string {
	out := make([]string, len(labels))
	step := 1
	if len(labels) > 12 {
		step = 2
	}
	for i, l := range labels {
		if i%step == 0 {
			h, _, _ := strings.Cut(l, ":")
			out[i] = h + "h"
		}
	}
	return out
}

func svg(p *charts.Painter) (string, error) {
	b, err := p.Bytes()
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b)), nil
}
