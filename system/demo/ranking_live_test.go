package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/systemtest"
	"github.com/valetops/assistance/testsuite/wait"
)

// lyonPartners are the operator's partners of the ranking test: the
// operator's own in Lyon, and a second one in Villeurbanne, 5 km further.
const lyonPartners = `{"partners": [
  {"id": "res-assistance", "depots": [{"name": "Lyon", "lat": 45.764, "lon": 4.8357}], "hours": {"always": true},
   "capabilities": {"heavy_vehicles": true, "electric": true, "seats": 2}, "speed_kmh": 60, "price_eur": 180, "reliability": 0.9},
  {"id": "rhone-depannage", "depots": [{"name": "Villeurbanne", "lat": 45.77, "lon": 4.88}], "hours": {"always": true},
   "capabilities": {"heavy_vehicles": true, "electric": true, "seats": 2}, "speed_kmh": 50, "price_eur": 180, "reliability": 0.9}]}`

// lyonNetwork plays the two partners: both answer at once and accept, repair
// on site; res-assistance is always 40–45 min late on its promise (past the
// 30 min grace: every promise broken), rhone-depannage never.
func lyonNetwork(t *testing.T) *network.Network {
	t.Helper()
	profile := func(lat, lon float64, late string) string {
		return fmt.Sprintf(`{"depots": [{"name": "depot", "lat": %v, "lon": %v, "trucks": 10}], "reach_km": 100, "speed_kmh": 60,
		  "road_factor": 1.3, "turnout": {"min": "5m", "max": "5m"}, "answer": {"mode": "at_once"}, "accept_share": 1,
		  "busy_retry": {"min": "1m", "max": "5m"}, "tow_share": 0, "repair": {"duration": {"min": "10m", "max": "15m"}},
		  "tow": {"hookup": {"min": "10m", "max": "10m"}, "distance_km": {"min": 5, "max": 5}, "destination": "partner_garage"},
		  "late": %s}`, lat, lon, late)
	}
	m, err := network.Parse([]byte(`{"providers": [
	  {"id": "res-assistance", ` + strings.TrimPrefix(profile(45.764, 4.8357, `{"share": 1, "extra": {"min": "40m", "max": "45m"}}`), "{") + `,
	  {"id": "rhone-depannage", ` + strings.TrimPrefix(profile(45.77, 4.88, `{"share": 0}`), "{") + `],
	  "other_providers": ` + profile(45.764, 4.8357, `{"share": 0}`) + `}`))
	require.NoError(t, err)
	return network.New(m, 1)
}

// TestABrokenPromiseRanksAPartnerLaterLive: on the real embedded server, the
// network model playing the providers, three cases in Lyon go to the
// operator's own partner, the nearer, which breaks its promise on each; a new
// case the next day asks the other partner first, and its routing trace says
// why — the first partner's reliability measured over its three promises.
// The measure is read from the record the cases write when they close.
func TestABrokenPromiseRanksAPartnerLaterLive(t *testing.T) {
	if testing.Short() {
		t.Skip("live end-to-end run")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	st := systemtest.Start(ctx, t, stack.Config{Scale: liveScale, Network: lyonNetwork(t)})
	partnersFile := filepath.Join(t.TempDir(), "partners.json")
	require.NoError(t, os.WriteFile(partnersFile, []byte(lyonPartners), 0o600))
	cfg := st.CaseWorkerConfig(liveScale)
	cfg.PartnersFile, cfg.ReliabilityMinPromises = partnersFile, 3
	acts, err := caseworker.Activities(st.Client, cfg)
	require.NoError(t, err)
	require.NoError(t, st.ReplaceWorker(acts))

	// The cases' own time runs from their report's time: the first three
	// break down on 30 November, the fourth on 1 December.
	examples := loadExamples(t)
	lyon := func(mission string, at time.Time) contract.Report {
		r := examples[0].Report // 1_valet_error.json: the operator's partner handles it
		r.MissionID, r.At = mission, at.Format(time.RFC3339)
		r.Vehicle.VIN = "VF1RJA00X6Y1000" + mission[len(mission)-2:]
		r.Location = r.Location.WithPosition(45.7578, 4.832)
		return r
	}
	day := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	first := make([]Followed, 3)
	var wg sync.WaitGroup
	for i := range first {
		wg.Go(func() {
			first[i] = Newcomer{Cases: st.Cases, Poll: 200 * time.Millisecond}.Follow(ctx, lyon(fmt.Sprintf("M-RANK-%02d", i+1), day.Add(time.Duration(i)*time.Hour)))
		})
		time.Sleep(arrivalEvery)
	}
	wg.Wait()
	for _, f := range first {
		require.NoError(t, f.Err)
		o := f.Outcome
		require.Equal(t, contract.StageClosed, o.Stage, o.MissionID)
		assert.Equal(t, "res-assistance", o.Provider, "%s: the nearer partner first\n%s", o.MissionID, timeline(o))
		assert.Contains(t, ranking(o), "reliability 0.90 from the network file", o.MissionID)
		assert.True(t, o.EtaBreached, "%s: res-assistance broke its promise", o.MissionID)
		// The case writes its record as it closes.
		require.Eventually(t, func() bool {
			_, found, err := st.Records.RecordedOutcome(ctx, o.CaseID)
			return err == nil && found
		}, wait.Left(ctx), 100*time.Millisecond, "%s: the record written at close", o.MissionID)
	}

	next := Newcomer{Cases: st.Cases, Poll: 200 * time.Millisecond}.Follow(ctx, lyon("M-RANK-04", day.Add(24*time.Hour)))
	require.NoError(t, next.Err)
	o := next.Outcome
	require.Equal(t, contract.StageClosed, o.Stage)
	assert.Equal(t, "rhone-depannage", o.Provider, "the partner that keeps its promises is asked first\n%s", timeline(o))
	r := ranking(o)
	t.Logf("routing trace: %s", r)
	assert.Contains(t, r, "in the order they are asked: rhone-depannage (Villeurbanne depot")
	assert.Contains(t, r, "res-assistance (Lyon depot, 1 km, 180 EUR): after rhone-depannage")
	assert.Contains(t, r, "reliability 0.00 measured over 3 promises")
	assert.Contains(t, r, "on its estimate alone it would come first, its broken promises cost it 60 min")
	assert.False(t, o.EtaBreached)
	require.NotEmpty(t, o.Scorecard)
	assert.Equal(t, "rhone-depannage", o.Scorecard[0].Provider, "asked first")
}

// ranking is the case's routing trace of the operator's partners.
func ranking(o contract.Outcome) string {
	for _, e := range o.Timeline {
		if e.Step == "partners_ranked" {
			return e.Reason
		}
	}
	return ""
}

// timeline is the case's timeline, a step a line.
func timeline(o contract.Outcome) string {
	var b strings.Builder
	for _, e := range o.Timeline {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", e.At, e.Stage, e.Step, e.Reason)
	}
	return b.String()
}
