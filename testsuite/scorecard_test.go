package testsuite

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/partners"
)

// twoPartners are the operator's partners of the scorecard tests: the
// operator's partner and a second one near Lyon.
func twoPartners(t *testing.T) Setup {
	t.Helper()
	var network partners.Network
	require.NoError(t, json.Unmarshal([]byte(`{"partners": [
	  {"id": "res-assistance", "depots": [{"name": "Lyon", "lat": 45.76, "lon": 4.84}], "hours": {"always": true},
	   "capabilities": {"heavy_vehicles": true, "electric": true, "seats": 1}, "speed_kmh": 60, "price_eur": 180, "reliability": 0.9},
	  {"id": "rhone-depannage", "depots": [{"name": "Villeurbanne", "lat": 45.77, "lon": 4.88}], "hours": {"always": true},
	   "capabilities": {"heavy_vehicles": false, "electric": true, "seats": 0}, "speed_kmh": 50, "price_eur": 220, "reliability": 0.8}]}`), &network))
	return func(_ *sdktest.TestWorkflowEnvironment, p *Played) { p.Activities.Partners = network }
}

// TestScorecardKeepsEveryRequest: the case's scorecard has an entry for every
// request to a provider, in order, and says how each ended — refused by its
// answer to an offer with the reason, an offer left to expire, accepted with
// its ETA, on site, and the milestone that ended the work.
func TestScorecardKeepsEveryRequest(t *testing.T) {
	p := playPromise(t, newBYDCase(t, `{
	  "byd-assistance": {"dispatch": ["reject reason=no_truck after=2m"]},
	  "res-assistance": {"dispatch": ["silent"]},
	  "rhone-depannage": {"dispatch": ["accept eta=25m after=1m"], "events": ["on_site +25m", "repaired +45m"]}}`), twoPartners(t))
	o := p.Outcome
	require.Len(t, o.Scorecard, 3, p.Timeline())
	assert.Equal(t, contract.ProviderTimes{Provider: "byd-assistance", AssignmentID: o.Scorecard[0].AssignmentID, Service: "assistance",
		RequestedAt: "2026-03-10T08:18:00Z", Answer: contract.AnswerRefused, AnsweredAt: "2026-03-10T08:20:00Z", Reason: "no_truck"},
		o.Scorecard[0], "refused by its answer to the offer, two minutes later")
	assert.Equal(t, contract.ProviderTimes{Provider: "res-assistance", AssignmentID: o.Scorecard[1].AssignmentID, Service: "assistance",
		RequestedAt: "2026-03-10T08:20:00Z", Answer: contract.AnswerExpired, Reason: activities.ReasonOfferExpired},
		o.Scorecard[1], "never answered: the offer expired")
	assert.Equal(t, contract.ProviderTimes{Provider: "rhone-depannage", AssignmentID: o.Scorecard[2].AssignmentID, Service: "assistance",
		RequestedAt: "2026-03-10T08:25:00Z", Answer: contract.AnswerAccepted, AcceptedAt: "2026-03-10T08:26:00Z", ETASeconds: 25 * 60,
		PromisedAt: "2026-03-10T08:51:00Z", OnSiteAt: "2026-03-10T08:51:00Z", Ended: contract.MilestoneRepaired, EndedAt: "2026-03-10T09:11:00Z"},
		o.Scorecard[2])
	for _, s := range o.Scorecard {
		assert.NotEmpty(t, s.AssignmentID, "%s acknowledged its offer under an id", s.Provider)
	}
}

// TestScorecardRefusedAtOnceSaturatedUnsuccessful: a refusal in the answer to
// the request, a provider busy past the saturation window, an on-site repair
// that failed before the tow.
func TestScorecardRefusedAtOnceSaturatedUnsuccessful(t *testing.T) {
	p := playPromise(t, newBYDCase(t, `{
	  "byd-assistance": {"dispatch": ["reject reason=out_of_area"]},
	  "res-assistance": {"dispatch": ["busy retry=10m"]},
	  "rhone-depannage": {"dispatch": ["accept eta=20m"], "events": ["on_site +20m", "unsuccessful +40m", "towed +70m to=authorised_repairer"]}}`), twoPartners(t))
	o := p.Outcome
	require.Len(t, o.Scorecard, 3, p.Timeline())
	byd, res, rhone := o.Scorecard[0], o.Scorecard[1], o.Scorecard[2]
	assert.Equal(t, contract.AnswerRefused, byd.Answer)
	assert.Equal(t, "out_of_area", byd.Reason)
	assert.Equal(t, byd.RequestedAt, byd.AnsweredAt, "refused in the answer to the request")
	assert.Equal(t, "res-assistance", res.Provider)
	assert.Equal(t, contract.AnswerSaturated, res.Answer, p.Timeline())
	assert.NotEmpty(t, res.AnsweredAt, "given up at the end of the saturation window")
	assert.Equal(t, contract.AnswerAccepted, rhone.Answer)
	assert.Equal(t, 20*60, rhone.ETASeconds)
	assert.NotEmpty(t, rhone.UnsuccessfulAt)
	assert.Equal(t, contract.MilestoneTowed, rhone.Ended)
	assert.Less(t, rhone.UnsuccessfulAt, rhone.EndedAt)
}

// measuredReliability is a record that measured the partners so.
type measuredReliability map[string]partners.Measured

func (m measuredReliability) Measured(context.Context, time.Time) (map[string]partners.Measured, error) {
	return m, nil
}

// TestAPartnerThatBreaksItsPromisesIsAskedLater: the operator's partner is a
// minute from the vehicle and would be asked first; measured keeping 30 % of
// its promises over 25, it is expected 42 min later than its estimate and the
// second partner is asked first, the routing trace saying why.
func TestAPartnerThatBreaksItsPromisesIsAskedLater(t *testing.T) {
	case_ := func(m measuredReliability) *Played {
		setup := twoPartners(t)
		return playPromise(t, newBYDCase(t, `{
		  "byd-assistance": {"dispatch": ["reject reason=no_truck"]},
		  "res-assistance": {"dispatch": ["accept eta=20m"], "events": ["on_site +20m", "repaired +40m"]},
		  "rhone-depannage": {"dispatch": ["accept eta=25m"], "events": ["on_site +25m", "repaired +45m"]}}`),
			func(env *sdktest.TestWorkflowEnvironment, p *Played) {
				setup(env, p)
				if m != nil {
					p.Activities.Reliability = m
				}
			})
	}
	assert.Equal(t, "res-assistance", case_(nil).Outcome.Provider, "by the network file, the nearer partner first")

	p := case_(measuredReliability{"res-assistance": {Reliability: 0.3, Promises: 25}})
	assert.Equal(t, "rhone-depannage", p.Outcome.Provider, p.Timeline())
	ranked := ""
	for _, e := range p.Outcome.Timeline {
		if e.Step == "partners_ranked" {
			ranked = e.Reason
		}
	}
	assert.Contains(t, ranked, "in the order they are asked: rhone-depannage (Villeurbanne depot")
	assert.Contains(t, ranked, "reliability 0.80 from the network file")
	assert.Contains(t, ranked, "res-assistance (Lyon depot, 1 km, 180 EUR): after rhone-depannage: expected in 43 min")
	assert.Contains(t, ranked, "reliability 0.30 measured over 25 promises")
	assert.Contains(t, ranked, "on its estimate alone it would come first, its broken promises cost it 42 min")
}
