package whatif

import (
	"context"
	"fmt"
	"strings"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// Record writes the record of every case of the played day, as the case
// workflow's RecordCase does at close (package record; docs/records.md): the
// what-if's days leave a record that scorecards are computed from and the
// network model is fitted from (package fit). It returns how many records
// were new.
func (r *Result) Record(ctx context.Context, to activities.CaseRecorder) (int, error) {
	n := 0
	for i, o := range r.Outcomes {
		// The test environment numbers its runs the same way every day: the
		// day and the seed make the what-if's case IDs its own.
		workflowID, runID, _ := strings.Cut(o.CaseID, "/")
		o.CaseID = contract.NewCaseID(workflowID, fmt.Sprintf("whatif-%s-seed%d-%s", r.Day.Date.Format("20060102"), r.Day.Seed, runID))
		rec := activities.CaseRecord{Outcome: o, Report: r.Plan[i].Report}
		if len(o.Timeline) > 0 {
			rec.ClosedAt = o.Timeline[len(o.Timeline)-1].At
		}
		isNew, err := to.Record(ctx, rec)
		if err != nil {
			return n, fmt.Errorf("mission %s: %w", o.MissionID, err)
		}
		if isNew {
			n++
		}
	}
	return n, nil
}
