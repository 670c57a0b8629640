package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/links"
)

// TestBrowserPositionPageShowsThePhonesPosition: the valet's page shows the
// phone's position and its accuracy; refused the permission, it says so and
// offers the field; a case that already knows where the vehicle is refuses a
// position in its own words.
func TestBrowserPositionPageShowsThePhonesPosition(t *testing.T) {
	const mission = "M-BROWSER-POSITIONED"
	play(t, mission)
	o := outcomeWhen(t, mission, 20*time.Second, func(o contract.Outcome) bool { return o.CaseID != "" })
	valet, err := sys.LinkKeys.Sign(links.Claims{CaseID: o.CaseID, Audience: links.Valet, Expires: time.Now().Add(time.Hour).Unix()})
	require.NoError(t, err)
	url := sys.APIURL + links.PathPosition + valet

	ctx := phone(t, "fr-FR")
	at(t, ctx, 45.18851, 5.72447, 12)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#send"))))
	coords, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#coords")))
	require.NoError(t, err)
	assert.Equal(t, "45.18851, 5.72447", coords)
	accuracy, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#accuracy")))
	require.NoError(t, err)
	assert.Equal(t, "12", accuracy)
	screenshot(t, ctx, "position-found")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#send")), chromedp.WaitVisible(chromedp.CSS("#refused"))))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#refused")))
	require.NoError(t, err)
	assert.Contains(t, text, "Le dossier n'a pas pris cette position")
	assert.Contains(t, text, "45.18851, 5.72447")
	t.Logf("the case's refusal: %s", strings.TrimSpace(text))
	screenshot(t, ctx, "position-refused")

	// The permission refused: a clear message and the field.
	denied := phone(t, "fr-FR")
	_, err = chromedp.CallBrowser(denied, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: browser.PermissionSettingDenied, Origin: sys.APIURL,
	})
	require.NoError(t, err)
	_, err = chromedp.Call(denied, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(denied, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#denied")),
		chromedp.WaitVisible(chromedp.CSS("#manual-input"))))
	text, err = chromedp.Run(denied, chromedp.Text(chromedp.CSS("#geo")))
	require.NoError(t, err)
	assert.Contains(t, text, "Votre téléphone ne donne pas la position")
	screenshot(t, denied, "position-denied")

	// An address cannot be placed: the page says so.
	require.NoError(t, chromedp.Do(denied, chromedp.SendKeys(chromedp.CSS("#manual-input"), "12 rue de la Paix, Paris"),
		chromedp.Click(chromedp.CSS("#manual-send")), chromedp.WaitVisible(chromedp.CSS("#refused"))))
	text, err = chromedp.Run(denied, chromedp.Text(chromedp.CSS("#refused")))
	require.NoError(t, err)
	assert.Contains(t, text, "tapez des coordonnées")
}

// TestBrowserSharedPositionReachesTheCase: a report without a position makes
// the case wait for it; the valet opens the position page, the phone shares
// its position, and the case takes it (given by the valet, with its
// accuracy), leaves the wait and goes on to route and dispatch from there.
func TestBrowserSharedPositionReachesTheCase(t *testing.T) {
	const mission = "M-BROWSER-LOCATE"
	play(t, mission)
	o := outcomeWhen(t, mission, 30*time.Second, func(o contract.Outcome) bool { return o.Stage == contract.StageLocating })
	valet, err := sys.LinkKeys.Sign(links.Claims{CaseID: o.CaseID, Audience: links.Valet, Expires: time.Now().Add(time.Hour).Unix()})
	require.NoError(t, err)

	ctx := phone(t, "en-GB")
	at(t, ctx, 45.7578, 4.832, 9)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(sys.APIURL+links.PathPosition+valet), chromedp.WaitVisible(chromedp.CSS("#send"))))
	screenshot(t, ctx, "position-to-send")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#send")), chromedp.WaitVisible(chromedp.CSS("#result"))))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#result")))
	require.NoError(t, err)
	t.Logf("the page says: %s", strings.TrimSpace(text))
	screenshot(t, ctx, "position-sent")

	o = outcomeWhen(t, mission, 30*time.Second, func(o contract.Outcome) bool {
		return o.Stage != contract.StageLocating && o.Stage != contract.StageReported
	})
	var located string
	for _, e := range o.Timeline {
		if e.Step == "located" {
			located = e.Reason
		}
	}
	assert.Contains(t, located, "given by the valet", "the case used the position the page sent")
	assert.Contains(t, located, "45.7578", "at the phone's position")
	t.Logf("the case: %s; now %s", located, o.Stage)
}
