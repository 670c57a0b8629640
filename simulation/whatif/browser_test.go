package whatif

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract"
)

// openInChromium opens an HTML file in Debian's chromium (headless, driven by
// chromedp) at 1,200 × 900 px, waits for its table, saves a full screenshot
// as shot in the test's directory (and in $ASSISTANCE_SCREENSHOTS) and
// returns the browser's context.
func openInChromium(t *testing.T, file, shot string) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	require.NoError(t, err, "Debian's chromium is needed (apt-get install -y chromium; .ci/run installs it)")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1200, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)

	_, err = chromedp.Run(ctx, chromedp.Navigate("file://"+file))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS("table")))
	require.NoError(t, err)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	shotPath := filepath.Join(filepath.Dir(file), shot)
	require.NoError(t, os.WriteFile(shotPath, png, 0o644))
	t.Logf("screenshot: %s", shotPath)
	if out := os.Getenv("ASSISTANCE_SCREENSHOTS"); out != "" {
		_ = os.WriteFile(filepath.Join(out, shot), png, 0o644)
	}
	return ctx
}

// overlappingTexts counts the pairs of texts of the page's charts whose boxes,
// as the browser lays them out, run into each other (by more than a pixel).
const overlappingTexts = `[...document.querySelectorAll("figure svg")].map(svg => {
  const boxes = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim() !== "").map(t => t.getBoundingClientRect());
  let n = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
  }
  return n;
}).reduce((a, b) => a + b, 0)`

// TestBrowserReportOpens opens the HTML report of a played day in Chromium:
// the title, both charts drawn at their size, the table with a row per hour
// and the day, the assumptions. The screenshot is named in the test's log.
func TestBrowserReportOpens(t *testing.T) {
	res, _ := play(t, testDay(t, 80, nil))
	report := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(report)
	require.NoError(t, err)
	require.NoError(t, res.HTML(f, "What if: a busy morning"))
	require.NoError(t, f.Close())
	ctx := openInChromium(t, report, "whatif-report.png")

	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure svg").length`))
	require.NoError(t, err)
	chartWidth, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`Math.min(...[...document.querySelectorAll("figure svg")].map(s => s.getBoundingClientRect().width))`))
	require.NoError(t, err)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tbody tr").length`))
	require.NoError(t, err)
	assumptions, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul li").length`))
	require.NoError(t, err)
	assert.Equal(t, "What if: a busy morning", title)
	assert.Equal(t, 2, charts, "two charts")
	assert.Greater(t, chartWidth, 400.0, "the charts are drawn at their size")
	assert.Equal(t, 4+1, rows, "a row per hour of the morning and one for the day")
	assert.Equal(t, len(Assumptions), assumptions, "every assumption stated")
}

// TestBrowserHourLabelsDoNotOverlap: a day with cases in every hour draws 24
// hours on each chart; at 1,200 px no two of the charts' texts run into each
// other (the hour labels used to: "06:0007:00").
func TestBrowserHourLabelsDoNotOverlap(t *testing.T) {
	date := time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC)
	res := &Result{Day: Day{Date: date, Seed: 1, ClientAfter: 20 * time.Minute}}
	for h := range 24 {
		reported := date.Add(time.Duration(h)*time.Hour + 10*time.Minute)
		res.Plan = append(res.Plan, Arrival{After: reported.Sub(date)})
		accepted := reported.Add(time.Duration(3+h%5) * time.Minute)
		res.Outcomes = append(res.Outcomes, contract.Outcome{MissionID: fmt.Sprintf("W-%05d", h), Stage: contract.StageClosed,
			Fallback: h%4 == 0, EtaBreached: h%6 == 0, Scorecard: []contract.ProviderTimes{{Provider: "res-assistance",
				AcceptedAt: accepted.Format(time.RFC3339), OnSiteAt: accepted.Add(time.Duration(20+h) * time.Minute).Format(time.RFC3339)}}})
	}
	report := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(report)
	require.NoError(t, err)
	require.NoError(t, res.HTML(f, "What if: every hour"))
	require.NoError(t, f.Close())
	ctx := openInChromium(t, report, "whatif-hours.png")

	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tbody tr").length`))
	require.NoError(t, err)
	assert.Equal(t, 24+1, rows)
	overlaps, err := chromedp.Run(ctx, chromedp.Evaluate[int](overlappingTexts))
	require.NoError(t, err)
	assert.Zero(t, overlaps, "texts of the charts that run into each other")
}
