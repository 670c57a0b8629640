package contract

import (
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
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
	// yet (AlertKind); unset when there are none.
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

// StartSearchAttributes are the search attributes a caller may give with the
// start of a case (starter.Cases does): the report's mission, client, plate
// and VIN, and the stage a new case first waits in (qualifying, not waiting
// for an approval). The case counts them as written: its first write then
// carries only what differs, and none for a case that starts as usual. A
// caller that gives none, or others, loses nothing: the case writes them.
func StartSearchAttributes(r Report) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(
		AttrMissionID.ValueSet(r.MissionID),
		AttrClientID.ValueSet(r.ClientID),
		AttrPlate.ValueSet(r.Vehicle.Plate),
		AttrVIN.ValueSet(r.Vehicle.VIN),
		AttrStage.ValueSet(string(StageQualifying)),
		AttrWaitingForApproval.ValueSet(false),
	)
}
