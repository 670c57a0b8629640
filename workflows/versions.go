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
	// changePageLinks: ask for the signed links to the case's pages (a local
	// activity) when the case opens, and hand them out. Version 1.
	changePageLinks = "page-links"
	// changeOpsInbox: alerts are kept on the case (search attributes
	// OpsAttention, OpsSince) and a case with an alert that needs a person waits
	// in stage awaiting_ops for ops before it closes (docs/ops.md). Version 1.
	changeOpsInbox = "ops-inbox"
	// changeUndoServices: a cancelled case also cancels the additional
	// services it ordered (the undo list, undo.go). Version 1.
	changeUndoServices = "undo-services"
	// changeETAPromise: an accepted ETA is a promise (promise.go): the client
	// is told of a delay, a late provider is replaced, an ETA too long for
	// the mission makes the case ask the alternative at once; the scorecard
	// times. Version 1.
	changeETAPromise = "eta-promise"
	// changeRankedPartners: the operator's partners are a ranked list asked
	// in order (partners.go), ranked by a local activity. Version 1.
	changeRankedPartners = "ranked-partners"
	// changeIndexWhenWaiting: the search attributes are written when the case
	// starts waiting, once for all the stages it went through since the last
	// write, instead of once per stage (indexer.go). Version 1.
	changeIndexWhenWaiting = "index-when-waiting"
	// changeIndexAfterQuickCalls: the indexer holds its write while the case
	// runs a local activity, which ends within the workflow task, and writes
	// once the case waits on something outside: one upsert fewer where a
	// stage changes just before a quick call (qualification, then the
	// dispatch). Version 2 of the round's marker.
	changeIndexAfterQuickCalls = "index-after-quick-calls"
	// changeIndexFromStart: the search attributes a caller gave with the start
	// (contract.StartSearchAttributes) count as written, so the case's first write
	// carries only what differs (none at all for a case started by
	// starter.Cases). Version 3 of the round's marker.
	changeIndexFromStart = "index-from-start"
)

// changeSecondRound stands for every change of the second round: the changes
// named in secondRound share one version marker (a case records it once, on
// its first guarded step), since no case ever ran with some of them and not
// the others. Each GetVersion marker costs two history events (the marker
// and the TemporalChangeVersion search attribute): one for the round instead
// of one per change keeps a case's history short. Version 1 holds the
// round's changes; version 2 adds changeIndexAfterQuickCalls, version 3
// changeIndexFromStart. A change of the
// round applies from the version it names, so cases recorded at version 1
// replay as they ran.
const changeSecondRound = "second-round"

// secondRoundVersion is the newest version of the round's marker.
const secondRoundVersion workflow.Version = 3

// secondRound are the changes guarded by changeSecondRound.
var secondRound = map[string]bool{
	changePageLinks: true, changeOpsInbox: true, changeUndoServices: true, changeETAPromise: true,
	changeRankedPartners: true, changeIndexWhenWaiting: true, changeIndexAfterQuickCalls: true, changeIndexFromStart: true,
	changeValetErrorAssisted: true, changeRoulantConforme: true, changePartnerUnavailable: true, changeQuoteFallback: true,
}

// ignoreVersionGuard names a change whose guard version skips, answering the
// newest version without recording a marker: only the test that proves an
// unguarded change is caught by the replay of recorded histories sets it.
var ignoreVersionGuard = ""

// version is workflow.GetVersion, with the guard removable by that test. For
// a change of the second round it answers the round marker's version (up to
// secondRoundVersion): the change applies when that is at least the version
// the change came with (maxSupported), so compare with >=.
func version(ctx workflow.Context, change string, maxSupported workflow.Version) workflow.Version {
	if ignoreVersionGuard == change {
		return maxSupported
	}
	if secondRound[change] {
		return workflow.GetVersion(ctx, changeSecondRound, workflow.DefaultVersion, secondRoundVersion)
	}
	return workflow.GetVersion(ctx, change, workflow.DefaultVersion, maxSupported)
}
