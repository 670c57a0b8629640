package whatif

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/network"
)

// busyMorning puts a whole day's worth of cases into four morning hours, so
// the providers' trucks are what limits the day.
var busyMorning = [24]float64{7: 1, 8: 1, 9: 1, 10: 1}

func testDay(t *testing.T, cases int, edit func(*network.Model)) Day {
	t.Helper()
	m, err := network.Default()
	require.NoError(t, err)
	if edit != nil {
		edit(m)
	}
	return Day{Date: time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC), Cases: cases, Curve: busyMorning, Mix: DefaultMix(),
		Seed: 7, Model: m, OpsAfter: 3 * time.Minute, ClientAfter: 20 * time.Minute, DeclineShare: 0.2}
}

func play(t *testing.T, d Day) (*Result, Figures) {
	t.Helper()
	res, err := Play(d, nil)
	require.NoError(t, err)
	require.Len(t, res.Outcomes, d.Cases)
	_, day := res.Figures()
	t.Logf("%d cases: fallbacks %d, to dispatch p50 %s p90 %s, to on site p50 %s p90 %s, network %+v (played in %s)",
		day.Opened, day.Fallbacks, P(day.ToDispatch, 50), P(day.ToDispatch, 90), P(day.ToOnSite, 50), P(day.ToOnSite, 90),
		res.Network, res.Took.Round(time.Millisecond))
	return res, day
}

// TestMoreTrucksFewerFallbacksShorterWaits: the same morning rush with three
// times the trucks at every depot gives fewer fallbacks and shorter waits.
func TestMoreTrucksFewerFallbacksShorterWaits(t *testing.T) {
	_, usual := play(t, testDay(t, 400, nil))
	_, more := play(t, testDay(t, 400, func(m *network.Model) { ScaleFleet(m, 3) }))
	assert.Less(t, more.Fallbacks, usual.Fallbacks, "fallbacks")
	assert.Less(t, P(more.ToOnSite, 90), P(usual.ToOnSite, 90), "report → on site, p90")
	assert.LessOrEqual(t, P(more.ToDispatch, 90), P(usual.ToDispatch, 90), "report → dispatch, p90")
}

// TestSaturatedProviderMoreFallbacksToThePartner: the manufacturer's
// assistance saturated all morning sends more cases to the operator's partner.
func TestSaturatedProviderMoreFallbacksToThePartner(t *testing.T) {
	_, usual := play(t, testDay(t, 300, nil))
	d := testDay(t, 300, nil)
	d.Events = []Event{{Provider: "byd-assistance", Answer: "busy", From: "06:00", To: "12:00"}}
	res, saturated := play(t, d)
	assert.Greater(t, saturated.Fallbacks, usual.Fallbacks, "fallbacks")
	partner := 0
	for _, o := range res.Outcomes {
		if o.Fallback && o.Provider == "res-assistance" {
			partner++
		}
	}
	assert.Greater(t, partner, 0, "fallbacks taken by the operator's partner")
	who, _ := res.RanOutFirst()
	assert.Equal(t, "byd-assistance", who, "the saturated provider is the first to answer busy")
}

// TestSameSeedSameFigures: the what-if is reproducible.
func TestSameSeedSameFigures(t *testing.T) {
	a, _ := play(t, testDay(t, 150, nil))
	b, _ := play(t, testDay(t, 150, nil))
	var ta, tb bytes.Buffer
	a.Text(&ta)
	b.Text(&tb)
	assert.Equal(t, ta.String(), tb.String())
}

// TestReport writes the HTML report: charts inline, the assumptions stated.
func TestReport(t *testing.T) {
	res, _ := play(t, testDay(t, 60, nil))
	var b bytes.Buffer
	require.NoError(t, res.HTML(&b, "test day"))
	html := b.String()
	assert.Equal(t, 2, strings.Count(html, "<svg"), "two charts, inline")
	assert.Contains(t, html, "What the model assumes")
	for _, fetch := range []string{"<script", "<link", "<img", "src=", "@import"} {
		assert.NotContains(t, html, fetch, "nothing to download")
	}
}

// TestBadInput names what is wrong.
func TestBadInput(t *testing.T) {
	for in, want := range map[string]string{
		"byd-assistance saturated":             "want PROVIDER",
		"byd-assistance sleepy 07:00-10:00":    "neither saturated nor unreachable",
		"byd-assistance saturated 07:00":       "not HH:MM-HH:MM",
		"byd-assistance saturated 07:00-25:00": "not a time of day",
	} {
		_, err := ParseEvent(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
	m, err := network.Default()
	require.NoError(t, err)
	assert.ErrorContains(t, Apply(m, []Event{{Provider: "nobody", Answer: "busy", From: "07:00", To: "08:00"}}), "no such provider")

	dir := t.TempDir()
	curve := filepath.Join(dir, "curve.json")
	require.NoError(t, os.WriteFile(curve, []byte(`{"hours": [1, 2]}`), 0o600))
	_, err = LoadCurve(curve)
	assert.ErrorContains(t, err, "hours: want 24 weights")
	require.NoError(t, os.WriteFile(curve, []byte(`{"hour": []}`), 0o600))
	_, err = LoadCurve(curve)
	assert.ErrorContains(t, err, "unknown field")

	d := testDay(t, 10, nil)
	d.Mix = Mix{"van": 1}
	_, err = d.Plan()
	assert.ErrorContains(t, err, `"van" is not a ready report`)
}
