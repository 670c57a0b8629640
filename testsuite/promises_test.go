package testsuite

import (
	"encoding/json"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/partners"
	"github.com/valetops/assistance/simulation/scenario"
)

// newBYDCase is a new BYD broken down in Lyon, for byd-assistance, with the
// providers' scripts given.
func newBYDCase(t *testing.T, providers string) *scenario.Scenario {
	t.Helper()
	doc := `{"name": "promise", "report": {"mission_id": "M-7001", "client_id": "C-DEALER", "valet_id": "V-1",
	  "at": "2026-03-10T08:15:00Z",
	  "vehicle": {"vin": "LGXCE4CB0P0000114", "plate": "GA-314-BY", "make": "BYD", "model": "Seal", "energy": "electric",
	    "kind": "new", "weight_kg": 2150, "usage": "private", "delivered_on": "2025-06-01", "maintenance_followed": true,
	    "registration_country": "FR", "assistance": {"type": "manufacturer", "provider": "byd-assistance", "program": "byd-eu"}},
	  "location": {"lat": 45.7578, "lon": 4.832, "country": "FR", "public_road": true}, "home_distance_km": 20,
	  "symptoms": ["engine_stalled"], "drivable": false},
	  "ops": {"qualify": {"after": "3m", "origin": "mechanical", "nature": "engine", "drivable": false}},
	  "providers": ` + providers + `, "expect": {"origin": "mechanical"}}`
	s, err := scenario.Parse([]byte(doc))
	require.NoError(t, err)
	return s
}

func playPromise(t *testing.T, s *scenario.Scenario, setup Setup) *Played {
	t.Helper()
	p := PlayWith(s, setup)
	require.NoError(t, p.Err, p.Timeline())
	return p
}

func cancelReasons(p *Played) map[string]string {
	cancels := p.Providers.Orders().Cancels
	out := map[string]string{}
	for _, c := range cancels {
		out[c.AssignmentID] = c.Reason
	}
	return out
}

func TestLateProviderIsReplacedAnHourAfterItsPromise(t *testing.T) {
	p := playPromise(t, newBYDCase(t, `{
	  "byd-assistance": {"dispatch": ["accept eta=30m"], "events": ["on_site +100m", "towed +150m to=authorised_repairer"]},
	  "res-assistance": {"dispatch": ["accept eta=20m"], "events": ["on_site +20m", "repaired +40m"]}}`), nil)
	o := p.Outcome
	assert.True(t, o.EtaBreached)
	assert.True(t, o.Fallback)
	assert.Equal(t, "res-assistance", o.Provider)
	assert.Equal(t, []contract.Service{contract.ServiceOnSiteRepair}, o.Services, "the late truck's tow never came: it was cancelled")
	assert.Subset(t, o.ClientNotified, []contract.NoticeKind{contract.NoticeDelay, contract.NoticeAssistanceUnavailable})
	assert.Equal(t, "eta_breached", cancelReasons(p)["byd-assistance-1"])
	require.Len(t, o.Scorecard, 2, p.Timeline())
	assert.Equal(t, "eta_breached", o.Scorecard[0].Replaced)
	assert.Equal(t, "2026-03-10T08:48:00Z", o.Scorecard[0].PromisedAt, "accepted 08:18 with 30 min")
	assert.Empty(t, o.Scorecard[0].OnSiteAt)
	assert.Equal(t, "2026-03-10T10:08:00Z", o.Scorecard[1].OnSiteAt, "asked at 09:48, 20 min")
}

func TestANewETAReplacesThePromiseOnce(t *testing.T) {
	p := playPromise(t, newBYDCase(t, `{
	  "byd-assistance": {"dispatch": ["accept eta=30m"],
	    "events": ["eta +20m eta=50m", "eta +25m eta=5m", "on_site +95m", "repaired +110m"]}}`), nil)
	o := p.Outcome
	assert.False(t, o.EtaBreached, "on site 25 min after the renewed promise (08:38 + 50 min): within the grace\n%s", p.Timeline())
	assert.NotContains(t, o.ClientNotified, contract.NoticeDelay)
	assert.False(t, o.Fallback)
	require.Len(t, o.Scorecard, 1)
	assert.Equal(t, "2026-03-10T09:28:00Z", o.Scorecard[0].PromisedAt, "the first new ETA is the promise; the second is ignored")
	assert.Equal(t, "2026-03-10T09:53:00Z", o.Scorecard[0].OnSiteAt)
}

func TestAnETATooLongAsksTheAlternativeAndKeepsTheSoonerArrival(t *testing.T) {
	t.Run("the alternative arrives first", func(t *testing.T) {
		p := playPromise(t, newBYDCase(t, `{
		  "byd-assistance": {"dispatch": ["accept eta=3h"], "events": ["on_site +3h"]},
		  "res-assistance": {"dispatch": ["accept eta=40m"], "events": ["on_site +40m", "towed +90m to=authorised_repairer"]}}`), nil)
		o := p.Outcome
		assert.True(t, o.Fallback)
		assert.Equal(t, "res-assistance", o.Provider)
		assert.Equal(t, "superseded", cancelReasons(p)["byd-assistance-1"])
		assert.Equal(t, []contract.Service{contract.ServiceTow}, o.Services)
	})
	t.Run("the first arrives first", func(t *testing.T) {
		p := playPromise(t, newBYDCase(t, `{
		  "byd-assistance": {"dispatch": ["accept eta=150m"], "events": ["on_site +150m", "repaired +170m"]},
		  "res-assistance": {"dispatch": ["accept eta=4h"], "events": ["on_site +4h"]}}`), nil)
		o := p.Outcome
		assert.False(t, o.Fallback, p.Timeline())
		assert.Equal(t, "byd-assistance", o.Provider)
		assert.Equal(t, "superseded", cancelReasons(p)["res-assistance-2"])
		assert.Equal(t, []contract.Service{contract.ServiceOnSiteRepair}, o.Services)
	})
}

func TestOfferRefusedLaterAndPartnersAskedInOrder(t *testing.T) {
	var network partners.Network
	require.NoError(t, json.Unmarshal([]byte(`{"partners": [
	  {"id": "res-assistance", "depots": [{"name": "Lyon", "lat": 45.76, "lon": 4.84}], "hours": {"always": true},
	   "capabilities": {"heavy_vehicles": true, "electric": true, "seats": 1}, "speed_kmh": 60, "price_eur": 180, "reliability": 0.9},
	  {"id": "rhone-depannage", "depots": [{"name": "Villeurbanne", "lat": 45.77, "lon": 4.88}], "hours": {"always": true},
	   "capabilities": {"heavy_vehicles": false, "electric": true, "seats": 0}, "speed_kmh": 50, "price_eur": 220, "reliability": 0.8}]}`), &network))
	withNetwork := func(_ *sdktest.TestWorkflowEnvironment, p *Played) { p.Activities.Partners = network }
	p := playPromise(t, newBYDCase(t, `{
	  "byd-assistance": {"dispatch": ["reject reason=no_truck after=2m"]},
	  "res-assistance": {"dispatch": ["silent"]},
	  "rhone-depannage": {"dispatch": ["accept eta=25m after=1m"], "events": ["on_site +25m", "repaired +45m"]}}`), withNetwork)
	o := p.Outcome
	assert.True(t, o.Fallback)
	assert.Equal(t, "rhone-depannage", o.Provider, p.Timeline())
	assert.Equal(t, activities.ReasonOfferExpired, cancelReasons(p)["res-assistance-2"], "the silent offer is withdrawn")
	assert.Equal(t, []contract.Service{contract.ServiceOnSiteRepair}, o.Services)
	steps := map[string]bool{}
	for _, e := range o.Timeline {
		steps[e.Step] = true
	}
	assert.True(t, steps["partners_ranked"])
	assert.True(t, steps["offer_expired"])
}
