package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/links"
)

// TestBrowserTrackingPageFollowsTheCase opens the client's tracking link as
// the case starts and watches the page change stage by itself until the case
// closes: provider, what the client was told, the decision on the mission.
func TestBrowserTrackingPageFollowsTheCase(t *testing.T) {
	const mission = "M-BROWSER-TRACK"
	ctx := phone(t, "fr-FR,fr;q=0.9")
	play(t, mission)
	o := outcomeWhen(t, mission, 20*time.Second, func(o contract.Outcome) bool { return o.TrackingURL != "" })
	require.True(t, strings.HasPrefix(o.TrackingURL, sys.APIURL+links.PathTrack), o.TrackingURL)

	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(o.TrackingURL))
	require.NoError(t, err)
	assert.Equal(t, int64(http.StatusOK), resp.Status)
	first, err := stageShown(ctx)
	require.NoError(t, err)
	t.Logf("the page opened at stage %s", first)
	screenshot(t, ctx, "tracking-open")

	seen := []string{first}
	deadline := time.Now().Add(90 * time.Second)
	for seen[len(seen)-1] != string(contract.StageClosed) && time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
		stage, err := stageShown(ctx)
		if err != nil || stage == "" || stage == seen[len(seen)-1] {
			continue // reloading
		}
		seen = append(seen, stage)
		if stage == string(contract.StageAssisting) {
			screenshot(t, ctx, "tracking-assisting")
		}
	}
	t.Logf("stages the page showed: %v", seen)
	require.Equal(t, string(contract.StageClosed), seen[len(seen)-1], "the page reached the closed case by itself")
	assert.Greater(t, len(seen), 2, "the page showed the case move")

	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	require.NoError(t, err)
	assert.NotContains(t, text, "repaired the vehicle", "the French page does not show the English messages")
	for _, want := range []string{"Dossier clos.", "res-assistance", "La mission continue", "Réparé sur place", "Dépanneur sur place", "Panne signalée"} {
		assert.Contains(t, text, want)
	}
	refresh, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('meta[http-equiv=refresh]')`))
	require.NoError(t, err)
	assert.False(t, refresh, "a closed case's page stops reloading")
	screenshot(t, ctx, "tracking-closed")

	// The same link in English, and the owner's printable report.
	en := phone(t, "en-GB,en;q=0.9")
	require.NoError(t, chromedp.Do(en, chromedp.Navigate(o.TrackingURL)))
	text, err = chromedp.Run(en, chromedp.Text(chromedp.CSS("main")))
	require.NoError(t, err)
	assert.Contains(t, text, "Case closed.")
	assert.Contains(t, text, "The mission goes on")
	assert.Contains(t, text, "Le véhicule est réparé sur place.", "the English page shows what the client was told, as it was told: in the client's language (French)")
	screenshot(t, en, "tracking-closed-en")
	require.NoError(t, chromedp.Do(en, chromedp.Navigate(o.ReportURL)))
	text, err = chromedp.Run(en, chromedp.Text(chromedp.CSS("#trace")))
	require.NoError(t, err)
	for _, e := range o.Timeline {
		assert.Contains(t, text, e.Step)
	}
	screenshot(t, en, "report")
}

// TestBrowserApprovalPageApprovesOnce: the client opens the approval link of
// the approval_requested notice, sees the quoted options with their provider
// and price, approves the tow; the case goes on to dispatch. Answering again
// from the same link (a double click, a reload) changes nothing.
func TestBrowserApprovalPageApprovesOnce(t *testing.T) {
	const mission = "M-BROWSER-APPROVE"
	play(t, mission)
	approve := approvalLink(t, mission, 30*time.Second)
	o := outcomeWhen(t, mission, 30*time.Second, func(o contract.Outcome) bool { return o.Approval == contract.ApprovalPending })
	assert.NotContains(t, fmt.Sprintf("%+v", o), approve, "the outcome never shows the approval link")
	notices := sys.Simulator.Records("/client/notices", mission)
	require.NotEmpty(t, notices)
	for _, n := range notices {
		assert.Contains(t, string(n), `"tracking_url":"`+o.TrackingURL+`"`, "every notice carries the tracking link")
	}

	ctx := phone(t, "fr-FR")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(approve), chromedp.WaitVisible(chromedp.CSS("#approve"))))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#options")))
	require.NoError(t, err)
	for _, want := range []string{"Remorquage", "180,00 €", "Réparation sur place", "95,00 €", "res-assistance"} {
		assert.Contains(t, text, want)
	}
	screenshot(t, ctx, "approval-options")

	// The client picks the tow and approves.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[value="tow"]`)),
		chromedp.Click(chromedp.CSS("#approve")),
		chromedp.WaitVisible(chromedp.CSS("#result")),
	))
	text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#result")))
	require.NoError(t, err)
	assert.Contains(t, text, "Option acceptée : Remorquage")
	screenshot(t, ctx, "approval-approved")

	// The same answer again from the same link (the browser's back and a
	// second click on "decline"): the case answers the first decision.
	again := phone(t, "fr-FR")
	require.NoError(t, chromedp.Do(again, chromedp.Navigate(approve)))
	_, err = chromedp.RunResponse(again, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[int](`(function(){var f=document.createElement('form');f.method='post';f.action=location.pathname;`+
			`var i=document.createElement('input');i.name='decline';i.value='1';f.appendChild(i);document.body.appendChild(f);f.submit();return 0})()`)(ctx, tg)
		return err
	}))
	require.NoError(t, err)
	text, err = chromedp.Run(again, chromedp.Text(chromedp.CSS("main")))
	require.NoError(t, err)
	assert.Contains(t, text, "Option acceptée : Remorquage", "a second answer from the same link gets the first decision back")
	assert.NotContains(t, text, "refusé les options")

	done := outcomeWhen(t, mission, 60*time.Second, func(o contract.Outcome) bool {
		return o.Stage == contract.StageAssisting || o.Stage == contract.StageDeciding || o.Stage == contract.StageClosed
	})
	assert.Equal(t, contract.Approved("tow"), done.Approval)
	decided := 0
	for _, e := range done.Timeline {
		if e.Step == "approved" || e.Step == "approval_declined" {
			decided++
		}
	}
	assert.Equal(t, 1, decided, "the case took one decision")

	// The approval page now says the decision in plain words, and the
	// tracking page shows the assistance on its way.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(o.TrackingURL)))
	text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	require.NoError(t, err)
	assert.Contains(t, text, "res-assistance")
	screenshot(t, ctx, "approval-then-tracking")
}

// TestBrowserRefusedLinks: a tampered link, an expired link and a link of
// another audience get a clear page and their status, and nothing of a case.
func TestBrowserRefusedLinks(t *testing.T) {
	const mission = "M-BROWSER-REFUSED"
	play(t, mission)
	o := outcomeWhen(t, mission, 20*time.Second, func(o contract.Outcome) bool { return o.TrackingURL != "" })
	token := strings.TrimPrefix(o.TrackingURL, sys.APIURL+links.PathTrack)
	parts := strings.Split(token, ".")
	require.Len(t, parts, 3)
	// Another case's payload under this link's signature.
	other, err := sys.LinkKeys.Sign(links.Claims{
		CaseID:   "breakdown-M-BROWSER-TRACK/x",
		Audience: links.Client,
		Expires:  time.Now().Add(time.Hour).Unix(),
	})
	require.NoError(t, err)
	expired, err := sys.LinkKeys.Sign(links.Claims{CaseID: o.CaseID, Audience: links.Client, Expires: time.Now().Add(-time.Minute).Unix()})
	require.NoError(t, err)
	valet, err := sys.LinkKeys.Sign(links.Claims{CaseID: o.CaseID, Audience: links.Valet, Expires: time.Now().Add(time.Hour).Unix()})
	require.NoError(t, err)

	ctx := phone(t, "fr-FR")
	for _, tc := range []struct {
		name, url string
		status    int64
		says      string
	}{
		{"tampered", sys.APIURL + links.PathTrack + parts[0] + "." + strings.Split(other, ".")[1] + "." + parts[2], http.StatusForbidden, "Ce lien n'est pas valide"},
		{"expired", sys.APIURL + links.PathTrack + expired, http.StatusGone, "Ce lien a expiré"},
		{"foreign", sys.APIURL + links.PathTrack + valet, http.StatusForbidden, "Ce lien ne donne pas accès à cette page"},
	} {
		resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(tc.url))
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.status, resp.Status, tc.name)
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		require.NoError(t, err)
		assert.Contains(t, text, tc.says, tc.name)
		assert.NotContains(t, text, "M-BROWSER", "%s: nothing of any case", tc.name)
		screenshot(t, ctx, "refused-"+tc.name)
	}
}

// approvalLink is the approval link of the case's approval_requested notice:
// the only place it goes (never the outcome, the tracking page or the Web UI).
func approvalLink(t *testing.T, mission string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, n := range sys.Simulator.Records("/client/notices", mission) {
			var notice struct {
				Kind        contract.NoticeKind `json:"kind"`
				ApprovalURL string              `json:"approval_url"`
			}
			if json.Unmarshal(n, &notice) == nil && notice.Kind == contract.NoticeApprovalRequested && notice.ApprovalURL != "" {
				return notice.ApprovalURL
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("case %s: no approval_requested notice with its link within %s", mission, within)
	return ""
}
