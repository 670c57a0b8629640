package demo

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// liveScale plays the scenarios' hours in seconds: the longest public case
// (2 h of approval deadline) takes about 40 s.
const liveScale = 200

// TestPublicScenariosLive plays every public scenario at once against the real
// embedded Temporal server, the simulator over real HTTP and our webhook API,
// checks each outcome, and checks that no provider saw an order twice.
func TestPublicScenariosLive(t *testing.T) {
	all, err := scenarios.Builtin()
	require.NoError(t, err)
	// Warranty claims span days: they play on a stack of their own, scaled so
	// they take about as long as the others.
	for _, g := range GroupByScale(all, liveScale, longestAtLiveScale) {
		playLive(t, g)
	}
}

// longestAtLiveScale is the longest script played at liveScale (40 s).
const longestAtLiveScale = 2 * time.Hour

// playLive plays one group of scenarios at once on its own stack.
func playLive(t *testing.T, g Group) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	st := systemtest.Start(ctx, t, stack.Config{Scale: g.Scale, Scenarios: g.Scenarios})
	defer st.Stop() // before the next group's stack starts

	started := time.Now()
	results := Player{Cases: st.Cases, Scale: g.Scale}.PlayAll(ctx, g.Scenarios, 50*time.Millisecond)
	t.Logf("%d scenarios played live at ×%.0f in %s", len(g.Scenarios), g.Scale, time.Since(started).Round(time.Millisecond))
	for _, r := range results {
		t.Run(r.Scenario.Name, func(t *testing.T) {
			require.NoError(t, r.Err, r.Scenario.File)
			for _, m := range r.Mismatches() {
				t.Errorf("%s: %s", r.Scenario.File, m)
			}
			if t.Failed() {
				t.Logf("refused: %v", r.Refused)
				for _, e := range r.Outcome.Timeline {
					t.Logf("  %s %s: %s", e.At, e.Step, e.Reason)
				}
			}
		})
	}
	stats := st.Simulator.Stats()
	t.Logf("simulator: %+v", stats)
	assert.Zero(t, stats.DuplicateOrders, "no provider saw the same order twice")
	assert.Zero(t, stats.WebhookFailures)
}
