package workflows

import (
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/breakdown"
)

// The search attributes ops filter cases on in the Web UI, kept current as the
// case moves. The server must have them registered (SearchAttributes lists them).
var (
	AttrStage              = temporal.NewSearchAttributeKeyKeyword("CaseStage")
	AttrMissionID          = temporal.NewSearchAttributeKeyKeyword("MissionId")
	AttrClientID           = temporal.NewSearchAttributeKeyKeyword("ClientId")
	AttrPlate              = temporal.NewSearchAttributeKeyKeyword("Plate")
	AttrVIN                = temporal.NewSearchAttributeKeyKeyword("Vin")
	AttrOrigin             = temporal.NewSearchAttributeKeyKeyword("Origin")
	AttrNature             = temporal.NewSearchAttributeKeyKeyword("Nature")
	AttrHandler            = temporal.NewSearchAttributeKeyKeyword("Handler")
	AttrWaitingForApproval = temporal.NewSearchAttributeKeyBool("WaitingForApproval")
	// AttrEtaBreached is set (true) once the assistance is late past the grace
	// on its promise; a case never late does not carry it.
	AttrEtaBreached = temporal.NewSearchAttributeKeyBool("EtaBreached")
	// AttrOpsAttention lists the kinds of the case's alerts ops have not handled
	// yet (breakdown.AlertKind); unset when there are none.
	AttrOpsAttention = temporal.NewSearchAttributeKeyKeywordList("OpsAttention")
	// AttrOpsSince is when the oldest of those alerts was raised.
	AttrOpsSince = temporal.NewSearchAttributeKeyTime("OpsSince")
	// AttrWaitingForWarranty is true while the case waits for its warranty
	// (diagnosis, quote, the manager's decision); set only on cases that open
	// a warranty claim.
	AttrWaitingForWarranty = temporal.NewSearchAttributeKeyBool("WaitingForWarranty")
)

// SearchAttributes lists the custom search attributes a server must register
// for the case workflow, with their types.
func SearchAttributes() map[string]enums.IndexedValueType {
	return map[string]enums.IndexedValueType{
		AttrStage.GetName():              enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrMissionID.GetName():          enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrClientID.GetName():           enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrPlate.GetName():              enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrVIN.GetName():                enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrOrigin.GetName():             enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrNature.GetName():             enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrHandler.GetName():            enums.INDEXED_VALUE_TYPE_KEYWORD,
		AttrWaitingForApproval.GetName(): enums.INDEXED_VALUE_TYPE_BOOL,
		AttrEtaBreached.GetName():        enums.INDEXED_VALUE_TYPE_BOOL,
		AttrOpsAttention.GetName():       enums.INDEXED_VALUE_TYPE_KEYWORD_LIST,
		AttrOpsSince.GetName():           enums.INDEXED_VALUE_TYPE_DATETIME,
		AttrWaitingForWarranty.GetName(): enums.INDEXED_VALUE_TYPE_BOOL,
	}
}

// indexed is what the search attributes last said, to upsert only changes.
type indexed struct {
	stage   breakdown.Stage
	origin  breakdown.Origin
	nature  breakdown.Nature
	handler breakdown.Handler
	waiting bool
	// warranty: waiting for the warranty; upserted only once it changes, so
	// cases without a claim keep their command sequence.
	warranty bool
	// etaBreached: late on the promise; upserted only once true, like warranty.
	etaBreached bool
	started     bool
}

// index keeps the case's search attributes current; it writes only what changed.
func (c *caseRun) index(ctx workflow.Context) {
	now := indexed{stage: c.out.Stage, origin: c.out.Origin, nature: c.out.Nature, handler: c.out.Handler,
		waiting: c.out.Stage == breakdown.StageAwaitingApproval, started: true,
		warranty: c.out.Stage == breakdown.StageAwaitingWarranty, etaBreached: c.out.EtaBreached}
	was := c.indexed
	var updates []temporal.SearchAttributeUpdate
	if !was.started {
		r := c.report
		updates = append(updates, AttrMissionID.ValueSet(r.MissionID), AttrClientID.ValueSet(r.ClientID),
			AttrPlate.ValueSet(r.Vehicle.Plate), AttrVIN.ValueSet(r.Vehicle.VIN))
	}
	if now.stage != was.stage {
		updates = append(updates, AttrStage.ValueSet(string(now.stage)))
	}
	if now.origin != was.origin {
		updates = append(updates, AttrOrigin.ValueSet(string(now.origin)))
	}
	if now.nature != was.nature {
		updates = append(updates, AttrNature.ValueSet(string(now.nature)))
	}
	if now.handler != was.handler {
		updates = append(updates, AttrHandler.ValueSet(string(now.handler)))
	}
	if now.waiting != was.waiting || !was.started {
		updates = append(updates, AttrWaitingForApproval.ValueSet(now.waiting))
	}
	if now.warranty != was.warranty {
		updates = append(updates, AttrWaitingForWarranty.ValueSet(now.warranty))
	}
	if now.etaBreached != was.etaBreached {
		updates = append(updates, AttrEtaBreached.ValueSet(now.etaBreached))
	}
	if len(updates) == 0 {
		return
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		workflow.GetLogger(ctx).Warn("search attributes not updated", "error", err)
		return
	}
	c.indexed = now
}

// StartSearchAttributes are the search attributes a caller may give with the
// start of a case (starter.Cases does): the report's mission, client, plate
// and VIN, and the stage a new case first waits in (qualifying, not waiting
// for an approval). The case counts them as written: its first write then
// carries only what differs, and none for a case that starts as usual. A
// caller that gives none, or others, loses nothing: the case writes them.
func StartSearchAttributes(r breakdown.Report) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(
		AttrMissionID.ValueSet(r.MissionID),
		AttrClientID.ValueSet(r.ClientID),
		AttrPlate.ValueSet(r.Vehicle.Plate),
		AttrVIN.ValueSet(r.Vehicle.VIN),
		AttrStage.ValueSet(string(breakdown.StageQualifying)),
		AttrWaitingForApproval.ValueSet(false),
	)
}

// indexedAtStart is what the search attributes given with the start already
// say of the case: the stage, and the report's identity with the approval
// flag when all of them are there and match the report.
func indexedAtStart(ctx workflow.Context, r breakdown.Report) indexed {
	sa := workflow.GetTypedSearchAttributes(ctx)
	var was indexed
	if stage, ok := sa.GetKeyword(AttrStage); ok {
		was.stage = breakdown.Stage(stage)
	}
	mission, ok1 := sa.GetKeyword(AttrMissionID)
	client, ok2 := sa.GetKeyword(AttrClientID)
	plate, ok3 := sa.GetKeyword(AttrPlate)
	vin, ok4 := sa.GetKeyword(AttrVIN)
	waiting, ok5 := sa.GetBool(AttrWaitingForApproval)
	if ok1 && ok2 && ok3 && ok4 && ok5 &&
		mission == r.MissionID && client == r.ClientID && plate == r.Vehicle.Plate && vin == r.Vehicle.VIN {
		was.started, was.waiting = true, waiting
	}
	return was
}
