package scorecard

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-analyze/charts"
)

//go:embed report.html
var reportHTML string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"missed": func(v string) bool { return strings.HasSuffix(v, "✗") },
}).Parse(reportHTML))

// HTML writes the scorecards of the period as a report that opens anywhere
// with nothing to download: four charts drawn here as inline SVG
// (github.com/go-analyze/charts), each figure beside the trade's target (a
// line across the providers' bars), then the table of every figure. The
// missed targets are marked.
func HTML(w io.Writer, title string, p Period, cards []Card) error {
	labels := make([]string, len(cards))
	for i, c := range cards {
		labels[i] = c.Provider
	}
	perc := func(f func(Card) float64) []float64 {
		out := make([]float64, len(cards))
		for i, c := range cards {
			out[i] = orZero(100 * f(c))
		}
		return out
	}
	minutes := func(f func(Card) float64) []float64 {
		out := make([]float64, len(cards))
		for i, c := range cards {
			out[i] = orZero(f(c))
		}
		return out
	}
	type chart struct {
		title   string
		bars    []bars
		targets []Target
	}
	var svgs []template.HTML
	for _, c := range []chart{
		{"Jobs offered and accepted within the offer window, %", []bars{{"accepted", perc(Card.AcceptRate)}}, []Target{TargetAccept}},
		{"Arrivals within the promised time, %", []bars{{"within the promise", perc(Card.WithinPromiseRate)}}, []Target{TargetWithinPromise}},
		{"Average arrival from the request, minutes", []bars{
			{"tow", minutes(func(c Card) float64 { return meanMinutes(c.TowArrivals) })},
			{"roadside help", minutes(func(c Card) float64 { return meanMinutes(c.RoadsideArrivals) })},
		}, []Target{TargetTowArrival, TargetRoadside}},
		{"Jobs reassigned, % of jobs accepted", []bars{{"reassigned", perc(Card.ReassignRate)}}, []Target{TargetReassign}},
	} {
		s, err := barsWithTargets(c.title, labels, c.bars, c.targets)
		if err != nil {
			return err
		}
		svgs = append(svgs, template.HTML(s))
	}
	var table []tableRow
	for _, r := range rows(cards) {
		table = append(table, tableRow{Figure: r.figure, Target: r.target, Values: r.values})
	}
	return reportTemplate.Execute(w, map[string]any{
		"Title": title, "Period": p.String(), "Providers": labels, "Charts": svgs, "Rows": table, "Targets": Targets,
	})
}

// tableRow is a row of the report's table.
type tableRow struct {
	Figure, Target string
	Values         []string
}

// bars are one series of bars, a value per provider.
type bars struct {
	name   string
	values []float64
}

// barsWithTargets draws bars per provider and each target as a line across them.
func barsWithTargets(title string, labels []string, series []bars, targets []Target) (string, error) {
	percent := len(targets) > 0 && targets[0].Unit == "%"
	label := func(v float64) string {
		if v == 0 && !percent {
			return "" // no arrival of that kind
		}
		return fmt.Sprintf("%.0f", v)
	}
	var list charts.GenericSeriesList
	var names []string
	top := 0.0
	for _, b := range series {
		list = append(list, charts.GenericSeries{Type: charts.ChartTypeBar, Name: b.name, Values: b.values,
			Label: charts.SeriesLabel{Show: charts.Ptr(true), ValueFormatter: label}})
		names = append(names, b.name)
		for _, v := range b.values {
			top = math.Max(top, v)
		}
	}
	for _, t := range targets {
		line := make([]float64, len(labels))
		for i := range line {
			line[i] = t.Value
		}
		list = append(list, charts.GenericSeries{Type: charts.ChartTypeLine, Name: "target " + t.String(), Values: line})
		names = append(names, "target "+t.String())
		top = math.Max(top, t.Value)
	}
	axisTop, ticks := niceAxis(top, percent)
	opt := charts.ChartOption{OutputFormat: charts.ChartOutputSVG, Width: 1000, Height: 330, SeriesList: list,
		Title:  charts.TitleOption{Text: title},
		Legend: charts.LegendOption{SeriesNames: names, Offset: charts.OffsetRight},
		XAxis:  charts.XAxisOption{Labels: labels, LabelCount: len(labels)},
		YAxis:  []charts.YAxisOption{{Min: charts.Ptr(0.0), Max: charts.Ptr(axisTop), LabelCount: ticks}},
		Symbol: charts.Symbol{Shape: charts.SymbolNone},
	}
	if len(labels) > 6 {
		opt.XAxis.LabelRotation = charts.DegreesToRadians(30)
	}
	p, err := charts.Render(opt)
	if err != nil {
		return "", err
	}
	b, err := p.Bytes()
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b)), nil
}

// niceAxis is the top of a chart's value axis and its number of labels: a
// little above the highest value, on a round step (1, 2, 5, 10, 20, 25, 50,
// ...) giving at most seven labels; a percentage stops at 100.
func niceAxis(top float64, percent bool) (float64, int) {
	top = math.Max(top*1.05, 1)
	if percent {
		top = math.Min(top, 100)
	}
	for scale := 1.0; ; scale *= 10 {
		for _, step := range []float64{1, 2, 2.5, 5} {
			if n := math.Ceil(top / (step * scale)); n <= 6 {
				return n * step * scale, int(n) + 1
			}
		}
	}
}

// meanMinutes is the mean of ds in minutes; NaN when empty.
func meanMinutes(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return math.NaN()
	}
	return Mean(ds).Minutes()
}

func orZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}
