package workflows_test

import (
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/testsuite"
)

// noValet is p20 (a report without coordinates) whose valet never opens the link.
func noValet(m map[string]any) { delete(m, "valet") }

func TestPositionLinkThenDispatchWithThePosition(t *testing.T) {
	p := testsuite.Play(variant(t, "p20_position_by_link.json", nil))
	require.NoError(t, p.Err)
	links := valetNotices(p.Recorder.Valet, contract.ValetNoticePositionRequested)
	require.Len(t, links, 1, "one position link to the valet")
	assert.Equal(t, "V-21", links[0].ValetID)
	assert.NotEmpty(t, links[0].Link)
	assert.Equal(t, []contract.ValetNoticeKind{contract.ValetPositionRequested, contract.ValetAssistanceDispatched}, p.Outcome.ValetNotified)
	accepted := p.Providers.Orders().Accepted
	require.Len(t, accepted, 1)
	lat, lon, ok := accepted[0].Location.Position()
	require.True(t, ok, "the dispatch carries the position the valet shared")
	assert.Equal(t, 45.1885, lat)
	assert.Equal(t, 5.7245, lon)
	assert.Equal(t, contract.LocatedByValet, p.Outcome.LocatedBy)
	assert.Equal(t, "2026-03-10T08:19:00Z", findStep(p.Outcome, "located").At)
	assert.Equal(t, "2026-03-10T08:19:00Z", findStep(p.Outcome, "routed").At, "routing waited for the position")
}

func TestNoPositionOpsAlertedThenSetByHand(t *testing.T) {
	s := variant(t, "p20_position_by_link.json", noValet)
	var locate *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		locate = updateAt(env, 40*time.Minute, contract.UpdateLocate, contract.LocateRequest{
			Lat:    45.19,
			Lon:    5.72,
			Source: contract.LocatedByOps,
		})
	})
	require.NoError(t, p.Err)
	require.NoError(t, locate.refused)
	require.NotEmpty(t, p.Recorder.Alerts)
	assert.Contains(t, p.Recorder.Alerts[0].Reason, "has not sent the vehicle's position")
	assert.Equal(t, "2026-03-10T08:30:00Z", findStep(p.Outcome, "position_missing").At, "15 minutes after the link")
	assert.Equal(t, contract.LocatedByOps, p.Outcome.LocatedBy)
	assert.Equal(t, contract.HandlerInsurer, p.Outcome.Handler)
	assert.Equal(t, contract.MissionResumed, p.Outcome.Mission)
}

func TestNoPositionAtAllSuspendsTheMission(t *testing.T) {
	p := testsuite.Play(variant(t, "p20_position_by_link.json", noValet))
	require.NoError(t, p.Err)
	assert.Empty(t, p.Providers.Orders().Accepted, "nothing is sent to an unknown place")
	assert.Equal(t, contract.MissionSuspended, p.Outcome.Mission)
	assert.Empty(t, p.Outcome.Handler, "the case was never routed")
}

func TestLocateRefusedWhenThePositionIsKnown(t *testing.T) {
	s := variant(t, "p05_used_insurer.json", nil)
	var again, outOfRange *sent
	p := testsuite.PlayWith(s, func(env *sdktest.TestWorkflowEnvironment, _ *testsuite.Played) {
		again = updateAt(env, time.Minute, contract.UpdateLocate, contract.LocateRequest{Lat: 45, Lon: 5, Source: contract.LocatedByOps})
		outOfRange = updateAt(env, time.Minute, contract.UpdateLocate, contract.LocateRequest{
			Lat:    95,
			Lon:    5,
			Source: contract.LocatedByValet,
		})
	})
	require.NoError(t, p.Err)
	require.Error(t, again.refused)
	assert.Contains(t, again.refused.Error(), "already has the vehicle's position")
	require.Error(t, outOfRange.refused)
	assert.Contains(t, outOfRange.refused.Error(), "lat")
	assert.Empty(t, valetNotices(p.Recorder.Valet, contract.ValetNoticePositionRequested), "a report with a position sends no link")
}

// valetNotices are the notices of kind the valet was sent.
func valetNotices(all []activities.ValetNotice, kind contract.ValetNoticeKind) []activities.ValetNotice {
	var out []activities.ValetNotice
	for _, n := range all {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}
