package pages

import (
	"bytes"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrackingPageSaysWhatTheClientNeeds renders the tracking page of a towed
// case with a replacement vehicle, and of a provider late on its promise.
func TestTrackingPageSaysWhatTheClientNeeds(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	p := New(Config{Zone: paris})
	render := func(o contract.Outcome, lang texts) string {
		var buf bytes.Buffer
		require.NoError(t, p.tmpl.ExecuteTemplate(&buf, "track.html", page{
			T:       lang,
			Token:   "tok",
			Refresh: 20,
			Case:    newView(o, lang, paris, now),
		}))
		return buf.String()
	}

	towed := contract.Outcome{
		MissionID: "M-1", Stage: contract.StageDeciding, Provider: "res-assistance", ETA: "2026-03-10T09:00:00Z",
		Services: []contract.Service{contract.ServiceTow, contract.ServiceReplacementVehicle}, TowDestination: "authorised_repairer",
		TowAddress: "12 avenue Jean Jaurès, 69007 Lyon", ReplacementVehicleUntil: "2026-03-13",
		Mission: contract.MissionReorganised, MissionReason: "towed to authorised repairer: the mission is reorganised",
		Timeline: []contract.TimelineEntry{
			{At: "2026-03-10T08:50:00Z", Step: "client_notified", Reason: "on_site: res-assistance has reached the vehicle."},
			{At: "2026-03-10T09:20:00Z", Step: "client_notified", Reason: "towed: res-assistance towed the vehicle to authorised_repairer."},
		},
	}
	fr := render(towed, french)
	for _, want := range []string{"chez un réparateur agréé", "12 avenue Jean Jaurès, 69007 Lyon", "jusqu&#39;au 13/03/2026",
		"La mission est réorganisée", "Dépanneur sur place", "09:50", "Véhicule remorqué", `content="20"`} {
		assert.Contains(t, fr, want)
	}
	assert.NotContains(t, fr, "Retard", "a provider on site is not late")
	en := render(towed, english)
	for _, want := range []string{"to an authorised repairer", "until 13/03/2026", "The mission is reorganised",
		"towed to authorised repairer: the mission is reorganised", "res-assistance towed the vehicle"} {
		assert.Contains(t, en, want)
	}

	late := contract.Outcome{MissionID: "M-2", Stage: contract.StageAssisting, Provider: "byd-assistance", ETA: "2026-03-10T09:05:00Z",
		Timeline: []contract.TimelineEntry{{At: "2026-03-10T08:30:00Z", Step: "client_notified", Reason: "assistance_dispatched: byd-assistance is on its way."}}}
	fr = render(late, french)
	assert.Contains(t, fr, "10:05", "the promised time, in Paris")
	assert.Contains(t, fr, "Retard")
	assert.Contains(t, fr, "25 min")

	pending := contract.Outcome{MissionID: "M-3", Stage: contract.StageAwaitingApproval, Approval: contract.ApprovalPending}
	page := render(pending, french)
	assert.NotContains(t, page, "/approve/", "the tracking page never links the approval page: its token cannot approve")
	assert.Contains(t, page, "envoyé à la personne qui approuve", "it says where the approval link went")
}

// TestApprovalPageSaysWhyTheClientPays: the approval page and the report say
// why the client is asked to pay, in the reader's language.
func TestApprovalPageSaysWhyTheClientPays(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	p := New(Config{Zone: paris})
	o := contract.Outcome{MissionID: "M-8327", Stage: contract.StageAwaitingApproval, Approval: contract.ApprovalPending,
		ApprovalReason: contract.ApprovalReasonNotCovered("trade_plates"),
		OptionsOffered: []contract.Option{{Option: "tow", PriceEUR: 190, Provider: "byd-assistance"}}}
	render := func(page string, lang texts) string {
		var buf bytes.Buffer
		require.NoError(t, p.tmpl.ExecuteTemplate(&buf, page, pageData(lang, newView(o, lang, paris, time.Now()))))
		return buf.String()
	}
	fr := render("approve.html", french)
	assert.Contains(t, fr, "Pourquoi cette assistance est à vos frais")
	assert.Contains(t, fr, "plaques W garage, rouges ou d&#39;exportation")
	assert.Contains(t, fr, "190,00 €")
	assert.Contains(t, render("approve.html", english), "excludes vehicles on trade, red or export plates")
	assert.Contains(t, render("report.html", french), "Motif de la demande d&#39;accord")
	o.ApprovalReason = ""
	assert.NotContains(t, render("approve.html", french), "approval-reason", "no reason, no line")
}

func pageData(lang texts, v *view) page {
	return page{T: lang, Token: "tok", Case: v}
}
