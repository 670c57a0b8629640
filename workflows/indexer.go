package workflows

import "go.temporal.io/sdk/workflow"

// indexer keeps the case's search attributes current. A stage change only
// marks them due (stageChanged, heard from the case file); they are written
// once each time the case starts waiting on something outside, with every
// change since the last write, not while a quick call of the case runs (a
// local activity, ended within the workflow task). The search attributes
// given with the start count as written.
type indexer struct {
	file  *caseFile
	calls *calls
	// indexed is what the search attributes last said (searchattributes.go).
	indexed indexed
	// due: a stage changed since the last write.
	due bool
}

// stageChanged marks the search attributes due.
func (x *indexer) stageChanged() { x.due = true }

// start runs the indexer of a new case. It runs in a workflow goroutine,
// which Temporal runs only once the case's own code blocks (on an activity, a
// timer, an Update or a Signal to wait for): so the stages a case goes
// through within one workflow task cost one upsert, written just as the case
// starts waiting, where ops see it.
func (x *indexer) start(ctx workflow.Context) {
	x.indexed = indexedAtStart(ctx, x.file.report)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			if err := workflow.Await(ctx, x.ready); err != nil {
				return // the case is cancelled: its close writes the last state
			}
			x.due = false
			x.write(ctx)
		}
	})
}

// ready says the indexer should write now: a stage changed, and the case
// waits on something outside (not on a quick call of its own).
func (x *indexer) ready() bool {
	return x.due && x.calls.running == 0
}
