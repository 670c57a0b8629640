package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// scale plays the scenarios' hours in tens of seconds: the approval deadline
// of 2 h lasts 60 s, long enough for a browser to answer.
const scale = 120

// The missions of the browser tests, each a public scenario under another id.
var missions = map[string]struct {
	file string
	// clientDecides keeps the scenario's own client decision; otherwise the
	// browser decides.
	clientDecides bool
	// noValet leaves out the scenario's valet, whose position the browser sends.
	noValet bool
}{
	"M-BROWSER-TRACK":      {file: "p02_operator_puncture_repaired.json"},
	"M-BROWSER-APPROVE":    {file: "p06_no_assistance_client_approves.json"},
	"M-BROWSER-REFUSED":    {file: "p02_operator_puncture_repaired.json"},
	"M-BROWSER-POSITIONED": {file: "p02_operator_puncture_repaired.json"},
	// p20 without its scripted valet: the browser shares the position.
	"M-BROWSER-LOCATE": {file: "p20_position_by_link.json", noValet: true},
}

var (
	sys *stack.Stack
	// playing is cancelled when the tests are over: the cases still open stop being played.
	playing context.Context
	scripts = map[string]*scenario.Scenario{}
	played  sync.WaitGroup
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if _, err := exec.LookPath("chromium"); err != nil {
		return 1, fmt.Errorf("Debian's chromium is needed (apt-get install -y chromium; .ci/run installs it): %w", err)
	}
	var all []*scenario.Scenario
	for mission, spec := range missions {
		public, err := scenarios.Named(spec.file)
		if err != nil {
			return 1, err
		}
		s, err := public.Clone(mission, nil)
		if err != nil {
			return 1, err
		}
		if !spec.clientDecides {
			s.Client = nil
		}
		if spec.noValet {
			s.Valet = nil
		}
		scripts[mission] = s
		all = append(all, s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	playing = ctx
	var stop func()
	var err error
	sys, stop, err = systemtest.StartShared(ctx, stack.Config{Scale: scale, Scenarios: all, PageRefresh: time.Second})
	if err != nil {
		return 1, err
	}
	defer stop()
	code := m.Run()
	cancel()
	played.Wait()
	return code, nil
}

// play reports the mission's breakdown and plays ops and the beneficiary (and
// the client, when the scenario keeps it) in the background.
func play(t *testing.T, mission string) {
	t.Helper()
	played.Add(1)
	go func() {
		defer played.Done()
		demo.Player{Cases: sys.Cases, Scale: scale}.Play(playing, scripts[mission])
	}()
	require.Eventually(t, func() bool {
		_, err := sys.Cases.Outcome(playing, mission)
		return err == nil
	}, 30*time.Second, 50*time.Millisecond, "the case of %s starts", mission)
}

// outcomeWhen polls the case's outcome Query until ok says it is there.
func outcomeWhen(t *testing.T, mission string, within time.Duration, ok func(contract.Outcome) bool) contract.Outcome {
	t.Helper()
	var got contract.Outcome // read once the wait is over
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var err error
		got, err = sys.Cases.Outcome(context.Background(), mission)
		require.NoError(c, err)
		assert.True(c, ok(got), "last outcome: stage %s, approval %s", got.Stage, got.Approval)
	}, within, 100*time.Millisecond, "case %s: condition met within %s", mission, within)
	return got
}

// phone opens a headless chromium the size of a phone (375 px wide), asking
// for French pages unless lang says otherwise.
func phone(t *testing.T, lang string) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	require.NoError(t, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile)))
	_, err = chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}})
	require.NoError(t, err)
	return ctx
}

// at places the phone at lat, lon with accuracy, and lets the pages of our API
// ask for it.
func at(t *testing.T, ctx context.Context, lat, lon, accuracy float64) {
	t.Helper()
	_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: browser.PermissionSettingGranted, Origin: sys.APIURL,
	})
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
		Latitude: &lat, Longitude: &lon, Accuracy: &accuracy,
	})
	require.NoError(t, err)
}

// within bounds one step of the browser.
func within(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// screenshot saves the whole page as name.png in the test's temporary
// directory (and in $ASSISTANCE_SCREENSHOTS when set) and logs where.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), name+".png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot %s: %s", name, path)
	if dir := os.Getenv("ASSISTANCE_SCREENSHOTS"); dir != "" {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
	}
}

// stageShown reads the stage the tracking page shows.
func stageShown(ctx context.Context) (string, error) {
	step, cancel := within(ctx, 3*time.Second)
	defer cancel()
	a, err := chromedp.Run(step, chromedp.AttributeValue(chromedp.CSS("#where"), "data-stage"))
	return a.Value, err
}
