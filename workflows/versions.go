package workflows

// Guards: a change to the case's command sequence ships in a new build, pinned
// as a Worker Deployment Version, with no workflow.GetVersion
// (docs/changing-workflows.md). A guard is only for a change that must reach
// cases already running on another build (moved with `temporal workflow
// update-options`, or an AutoUpgrade behaviour). There is none today.
//
// To add one, name it here for what it changes, with a one-line comment, and
// branch on it where the sequence changes, the recorded histories' sequence
// kept in the DefaultVersion branch:
//
//	// changeFollowUnderOneTimer: follow a provider under one timer for the whole window.
//	const changeFollowUnderOneTimer = "follow-under-one-timer"
//
//	if workflow.GetVersion(ctx, changeFollowUnderOneTimer, workflow.DefaultVersion, 1) == 1 { … }
//
// Each guard costs a case two history events (the marker and the
// TemporalChangeVersion search attribute). A guard and the recorded histories
// that need it go together once no open case can be on the build that wrote
// them.
