package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// open fills the case file when the case opens: the client's settings, read
// once, and the signed links to the case's pages. It returns ctx paced to the
// case's time scale.
func (f *caseFile) open(ctx workflow.Context, k *calls) workflow.Context {
	f.settings = f.loadSettings(ctx, k)
	ctx = withTimeScale(ctx, f.settings.TimeScale)
	f.signLinks(ctx, k)
	return ctx
}

// loadSettings reads the client's windows; the default windows apply when
// they cannot be read.
func (f *caseFile) loadSettings(ctx workflow.Context, k *calls) rules.Settings {
	var s rules.Settings
	if err := k.quick(ctx, "settings of "+f.report.ClientID, &s, acts.LoadSettings, f.report.ClientID); err != nil {
		f.trace(ctx, "settings_default", "could not load the client's settings (%v): default windows apply", err)
		return rules.DefaultSettings()
	}
	return s
}

// signLinks gets the signed links to the case's pages (the workflow signs
// nothing itself). Without them the case goes on and its notices carry no
// links.
func (f *caseFile) signLinks(ctx workflow.Context, k *calls) {
	var l contract.CaseLinks
	if err := k.quick(ctx, "sign the links to the case's pages", &l, acts.SignLinks, f.caseID); err != nil {
		if isCancel(ctx, err) {
			return
		}
		f.trace(ctx, "links_not_signed", "the links to the case's pages could not be signed (%v): notices go without them", err)
		return
	}
	f.links = l
}
