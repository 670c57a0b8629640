package scorecard

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// weekCards are the hand-counted week's cards and three more providers with
// long names (copies of alpha and beta), as a week of the default network has.
func weekCards(t *testing.T) []Card {
	t.Helper()
	entries, err := handStore(t).ScorecardEntries(context.Background(), week)
	require.NoError(t, err)
	cards := Compute(entries, Options{})
	for _, name := range []string{"leaseco-assistance", "mutual-assistance", "res-assistance"} {
		c := cards[len(cards)%2]
		c.Provider = name
		cards = append(cards, c)
	}
	return cards
}

// TestReportIsSelfContained: four charts inline, the targets named, the table,
// nothing to download.
func TestReportIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, HTML(&b, "Scorecards", Period{From: week.From, To: week.To}, weekCards(t)))
	html := b.String()
	assert.Equal(t, 4, strings.Count(html, "<svg"), "four charts, inline")
	for _, target := range Targets {
		assert.Contains(t, html, "target "+escaped(target.String()))
	}
	assert.Contains(t, html, `class="missed"`)
	for _, fetch := range []string{"<script", "<link", "<img", "src=", "@import"} {
		assert.NotContains(t, html, fetch, "nothing to download")
	}
}

// escaped is s as the SVG writes it.
func escaped(s string) string { return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s) }

// TestBrowserReportOpens opens the report of five providers in Debian's
// chromium (headless, chromedp) at 1,200 px: four charts drawn at their size
// with no two texts running into each other, a column per provider, every
// figure. The screenshot is named in the log (and saved in
// $ASSISTANCE_SCREENSHOTS).
func TestBrowserReportOpens(t *testing.T) {
	path, err := exec.LookPath("chromium")
	require.NoError(t, err, "Debian's chromium is needed (apt-get install -y chromium; .ci/run installs it)")
	cards := weekCards(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "scorecards.html")
	f, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, HTML(f, "Provider scorecards", Period{From: week.From, To: week.To}, cards))
	require.NoError(t, f.Close())

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1200, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()
	_, err = chromedp.Run(ctx, chromedp.Navigate("file://"+file))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS("table")))
	require.NoError(t, err)
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	shotPath := filepath.Join(dir, "scorecards.png")
	require.NoError(t, os.WriteFile(shotPath, shot, 0o644))
	t.Logf("screenshot: %s", shotPath)
	if out := os.Getenv("ASSISTANCE_SCREENSHOTS"); out != "" {
		_ = os.WriteFile(filepath.Join(out, "scorecards.png"), shot, 0o644)
	}

	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	assert.Equal(t, "Provider scorecards", title)
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure svg").length`))
	require.NoError(t, err)
	assert.Equal(t, 4, charts)
	width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`Math.min(...[...document.querySelectorAll("figure svg")].map(s => s.getBoundingClientRect().width))`))
	require.NoError(t, err)
	assert.Greater(t, width, 800.0, "the charts are drawn at their size")
	columns, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("thead th").length`))
	require.NoError(t, err)
	assert.Equal(t, 2+len(cards), columns, "figure, target, a column per provider")
	lines, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tbody tr").length`))
	require.NoError(t, err)
	assert.Equal(t, len(rows(cards)), lines)
	overlaps, err := chromedp.Run(ctx, chromedp.Evaluate[int](overlappingTexts))
	require.NoError(t, err)
	assert.Zero(t, overlaps, "texts of the charts that run into each other")
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

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		top     float64
		percent bool
		want    float64
		labels  int
	}{
		{95, true, 100, 6}, {62, true, 80, 5}, {40, true, 50, 6}, {1, true, 2, 3}, {2.4, true, 3, 4},
		{60, false, 80, 5}, {52, false, 60, 7}, {150, false, 200, 5}, {0, false, 1, 2},
	} {
		top, labels := niceAxis(c.top, c.percent)
		assert.Equal(t, c.want, top, "%v", c.top)
		assert.Equal(t, c.labels, labels, "%v", c.top)
	}
}
