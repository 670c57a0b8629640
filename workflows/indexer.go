package workflows

import (
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

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

// indexed is what the search attributes last said, to upsert only changes.
type indexed struct {
	stage   contract.Stage
	origin  contract.Origin
	nature  contract.Nature
	handler contract.Handler
	waiting bool
	// warranty: waiting for the warranty; written only once it changes: a
	// case without a claim never carries it.
	warranty bool
	// etaBreached: late on the promise; written only once true, like warranty.
	etaBreached bool
	started     bool
}

// write writes the case's search attributes now, only what changed since the
// last write: the indexer when the case waits, the parts that must show a
// change at once (a late provider, the close).
func (x *indexer) write(ctx workflow.Context) {
	out := &x.file.out
	now := indexed{stage: out.Stage, origin: out.Origin, nature: out.Nature, handler: out.Handler,
		waiting: out.Stage == contract.StageAwaitingApproval, started: true,
		warranty: out.Stage == contract.StageAwaitingWarranty, etaBreached: out.EtaBreached}
	was := x.indexed
	var updates []temporal.SearchAttributeUpdate
	if !was.started {
		r := x.file.report
		updates = append(updates, contract.AttrMissionID.ValueSet(r.MissionID), contract.AttrClientID.ValueSet(r.ClientID),
			contract.AttrPlate.ValueSet(r.Vehicle.Plate), contract.AttrVIN.ValueSet(r.Vehicle.VIN))
	}
	if now.stage != was.stage {
		updates = append(updates, contract.AttrStage.ValueSet(string(now.stage)))
	}
	if now.origin != was.origin {
		updates = append(updates, contract.AttrOrigin.ValueSet(string(now.origin)))
	}
	if now.nature != was.nature {
		updates = append(updates, contract.AttrNature.ValueSet(string(now.nature)))
	}
	if now.handler != was.handler {
		updates = append(updates, contract.AttrHandler.ValueSet(string(now.handler)))
	}
	if now.waiting != was.waiting || !was.started {
		updates = append(updates, contract.AttrWaitingForApproval.ValueSet(now.waiting))
	}
	if now.warranty != was.warranty {
		updates = append(updates, contract.AttrWaitingForWarranty.ValueSet(now.warranty))
	}
	if now.etaBreached != was.etaBreached {
		updates = append(updates, contract.AttrEtaBreached.ValueSet(now.etaBreached))
	}
	if len(updates) == 0 {
		return
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		workflow.GetLogger(ctx).Warn("search attributes not updated", "error", err)
		return
	}
	x.indexed = now
}

// indexedAtStart is what the search attributes given with the start already
// say of the case: the stage, and the report's identity with the approval
// flag when all of them are there and match the report.
func indexedAtStart(ctx workflow.Context, r contract.Report) indexed {
	sa := workflow.GetTypedSearchAttributes(ctx)
	var was indexed
	if stage, ok := sa.GetKeyword(contract.AttrStage); ok {
		was.stage = contract.Stage(stage)
	}
	mission, ok1 := sa.GetKeyword(contract.AttrMissionID)
	client, ok2 := sa.GetKeyword(contract.AttrClientID)
	plate, ok3 := sa.GetKeyword(contract.AttrPlate)
	vin, ok4 := sa.GetKeyword(contract.AttrVIN)
	waiting, ok5 := sa.GetBool(contract.AttrWaitingForApproval)
	if ok1 && ok2 && ok3 && ok4 && ok5 &&
		mission == r.MissionID && client == r.ClientID && plate == r.Vehicle.Plate && vin == r.Vehicle.VIN {
		was.started, was.waiting = true, waiting
	}
	return was
}
