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
