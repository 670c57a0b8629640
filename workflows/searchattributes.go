package workflows

import (
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

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
