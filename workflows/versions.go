package workflows

import "go.temporal.io/sdk/workflow"

// Changes to the workflow's command sequence, each behind workflow.GetVersion
// so that cases started before the change replay as they ran
// (docs/changing-workflows.md).
const (
	// changeFollowTimer: follow a provider under one timer for the whole follow
	// window instead of one timer per milestone (fewer history events and
	// server timers per case). Version 1.
	changeFollowTimer = "follow-single-timer"

	// changeValetErrorAssisted: a valet error gets the operator's partner even
	// when the vehicle still drives (it used to go straight to the decision).
	changeValetErrorAssisted = "valet-error-assisted"
	// changeRoulantConforme: a non-compliant vehicle (headlights, seat belts,
	// brakes, steering, windscreen) needs assistance even if it drives.
	changeRoulantConforme = "roulant-et-conforme"
	// changePartnerUnavailable: when no assistance can be had, the client is
	// told (assistance_unavailable) besides the ops alert.
	changePartnerUnavailable = "partner-unavailable-client-told"
	// changeQuoteFallback: not covered and the vehicle's assistance cannot
	// quote: the operator's partner quotes instead (it used to end unassisted).
	changeQuoteFallback = "quote-fallback-partner"
	// changeUndoServices: a cancelled case also cancels the additional
	// services it ordered (the undo list, undo.go). Version 1.
	changeUndoServices = "undo-services"
)

// ignoreVersionGuards makes version answer the newest version without
// recording a marker: only the test that proves an unguarded change is caught
// by the replay of recorded histories sets it.
var ignoreVersionGuards = false

// version is workflow.GetVersion, with the guard removable by that test.
func version(ctx workflow.Context, change string, maxSupported workflow.Version) workflow.Version {
	if ignoreVersionGuards {
		return maxSupported
	}
	return workflow.GetVersion(ctx, change, workflow.DefaultVersion, maxSupported)
}
