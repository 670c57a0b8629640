package workflows

import "go.temporal.io/sdk/workflow"

// lazyIndex is the state of the indexer: the case's search attributes are
// written once each time the case starts waiting, with every change since
// the last write, instead of once per stage it passes through.
type lazyIndex struct {
	due bool // a stage changed since the last write
	// quick counts the quick calls running (local activities, ended within
	// the workflow task): the indexer does not write while one runs, only once
	// the case waits on something outside.
	quick int
}

// startIndexer starts the indexer of a new case. It runs in a workflow
// goroutine, which Temporal runs only once the case's own code blocks (on an
// activity, a timer, an Update or a Signal to wait for): so the stages a case
// goes through within one workflow task cost one upsert, written just as the
// case starts waiting, where ops see it. The search attributes given with the
// start count as written.
func (c *caseRun) startIndexer(ctx workflow.Context) {
	c.indexed = indexedAtStart(ctx, c.report)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			if err := workflow.Await(ctx, c.indexDue); err != nil {
				return // the case is cancelled: closeCase writes the last state
			}
			c.lazy.due = false
			c.index(ctx)
		}
	})
}

// indexSoon has the search attributes follow a stage change, once the case
// starts waiting.
func (c *caseRun) indexSoon() {
	c.lazy.due = true
}

// indexDue says the indexer should write now: a stage changed, and the case
// waits on something outside (not on a quick call of its own).
func (c *caseRun) indexDue() bool {
	return c.lazy.due && c.lazy.quick == 0
}

// quick runs a local activity (withQuickCall, summary what) with args and
// waits for its result in out (nil: none). The indexer holds its write while
// it runs.
func (c *caseRun) quick(ctx workflow.Context, what string, out any, activity any, args ...any) error {
	c.lazy.quick++
	defer func() { c.lazy.quick-- }()
	return workflow.ExecuteLocalActivity(withQuickCall(ctx, what), activity, args...).Get(ctx, out)
}
