package whatif

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBrowserReportOpens opens the HTML report of a played day in Debian's
// chromium (headless, driven by chromedp): the title, both charts drawn at
// their size, the table with a row per hour and the day, the assumptions.
// The screenshot is saved in the test's directory and named in its log.
func TestBrowserReportOpens(t *testing.T) {
	path, err := exec.LookPath("chromium")
	require.NoError(t, err, "Debian's chromium is needed (apt-get install -y chromium; .ci/run installs it)")
	res, _ := play(t, testDay(t, 80, nil))
	dir := t.TempDir()
	report := filepath.Join(dir, "report.html")
	f, err := os.Create(report)
	require.NoError(t, err)
	require.NoError(t, res.HTML(f, "What if: a busy morning"))
	require.NoError(t, f.Close())

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1200, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	_, err = chromedp.Run(ctx, chromedp.Navigate("file://"+report))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS("table")))
	require.NoError(t, err)
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
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	shotPath := filepath.Join(dir, "whatif-report.png")
	require.NoError(t, os.WriteFile(shotPath, shot, 0o644))
	t.Logf("screenshot: %s", shotPath)
	if out := os.Getenv("ASSISTANCE_SCREENSHOTS"); out != "" {
		_ = os.WriteFile(filepath.Join(out, "whatif-report.png"), shot, 0o644)
	}
	assert.Equal(t, "What if: a busy morning", title)
	assert.Equal(t, 2, charts, "two charts")
	assert.Greater(t, chartWidth, 400.0, "the charts are drawn at their size")
	assert.Equal(t, 4+1, rows, "a row per hour of the morning and one for the day")
	assert.Equal(t, len(Assumptions), assumptions, "every assumption stated")
}
