package contract

import "strings"

// AlertKind is what an ops alert is about. The kinds of a case's alerts not yet
// handled are shown on the case (search attribute OpsAttention), so ops can list
// the cases waiting for them (docs/ops.md).
type AlertKind string

// The kinds of ops alerts a case raises. A kind that needs a person keeps the
// case open (stage awaiting_ops) once its decision is made and told, until ops
// resolve it or the ops window ends; an informative kind is acknowledged.
const (
	// AlertUnassisted: no assistance could be had (or quoted); the vehicle is
	// immobilised until ops arrange assistance by hand. Needs a person.
	AlertUnassisted AlertKind = "unassisted"
	// AlertCompensationFailed: an order could not be withdrawn when the case was
	// cancelled; ops cancel it by hand. Needs a person.
	AlertCompensationFailed AlertKind = "compensation_failed"
	// AlertEtaBreached: the provider is late on its promised arrival; the case
	// itself tells the client and sends the alternative. Informative.
	AlertEtaBreached AlertKind = "eta_breached"
	// AlertPositionMissing: the valet did not send the vehicle's position in
	// time; ops set it by hand (Update locate). Needs a person.
	AlertPositionMissing AlertKind = "position_missing"
	// AlertApprovalExpired: the client did not approve the paid options in time;
	// the mission is suspended with the vehicle where it is. Needs a person.
	AlertApprovalExpired AlertKind = "approval_expired"
	// AlertWarrantyExpired: the repairer's diagnosis or the warranty manager's
	// decision did not come in time; the mission is suspended. Needs a person.
	AlertWarrantyExpired AlertKind = "warranty_expired"
	// AlertWarrantyUnreachable: the warranty manager or the repairer could not
	// be reached (event number, repair order, claim); ops pass it by phone.
	// Needs a person.
	AlertWarrantyUnreachable AlertKind = "warranty_unreachable"
	// AlertMissionNotUpdated: the mission system did not take the decision; ops
	// update the mission by hand. Needs a person.
	AlertMissionNotUpdated AlertKind = "mission_not_updated"
	// AlertProviderSilent: the provider did not finish within the follow window;
	// ops check with it. Needs a person.
	AlertProviderSilent AlertKind = "provider_silent"
	// AlertVehicleNotFound: the provider found no vehicle on arrival. Needs a person.
	AlertVehicleNotFound AlertKind = "vehicle_not_found"
	// AlertNotRepairedOnSite: the provider could not repair on site and the case
	// waits for a tow. Informative.
	AlertNotRepairedOnSite AlertKind = "not_repaired_on_site"
	// AlertServicesUnknown: the additional services owed could not be worked
	// out; ops offer them by hand. Needs a person.
	AlertServicesUnknown AlertKind = "services_unknown"
	// AlertServicesNotOffered: the beneficiary could not be offered its
	// services; ops call the valet. Needs a person.
	AlertServicesNotOffered AlertKind = "services_not_offered"
	// AlertServiceNotOrdered: a chosen additional service could not be ordered;
	// ops order it by hand. Needs a person.
	AlertServiceNotOrdered AlertKind = "service_not_ordered"
	// AlertSafety: the report declares someone injured, a fire, an accident
	// or a vehicle not secured (seed 000 §1, safety first); raised at the
	// report while the assistance goes on as usual. Needs a person.
	AlertSafety AlertKind = "safety"
	// AlertClientNotNotified: a notice the client's endpoint did not take
	// after the notifier's retries; ops reach the client another way. Needs
	// a person; raised once per case, whatever notices fail after it.
	AlertClientNotNotified AlertKind = "client_not_notified"
	// AlertMilestoneFlood: a provider sent the case more events than it may
	// (MaxEventsPerAssignment, MaxEventsPerProviderPerCase); the case takes no
	// more of them. Our API refuses them at the edge, so this only happens on
	// a path around it. Needs a person: check with the provider, and who
	// reached the case without the API. Raised once per case.
	AlertMilestoneFlood AlertKind = "milestone_flood"
	// AlertHistoryLarge: the case's history passed HistoryLargeEvents events
	// or HistoryLargeBytes bytes, well before Temporal's limits (it terminates
	// a case at 51,200 events or 50 MiB). Needs a person: find what fills it
	// and see the case through before it is cut off. Raised once per case.
	AlertHistoryLarge AlertKind = "history_large"
	// AlertRecordNotWritten: the case's record (docs/records.md) could not
	// be written when it closed, after the activity's retries; ops make the
	// record store writable and record the case while Temporal keeps it.
	// Needs a person; raised after the close, so the case does not wait.
	AlertRecordNotWritten AlertKind = "record_not_written"
	// AlertOwnerNotNotified: the record is kept, but the vehicle's owner or
	// lessor could not be sent the report link after the retries; ops send
	// it another way. Needs a person; raised after the close.
	AlertOwnerNotNotified AlertKind = "owner_not_notified"
)

// OpsAnswer is an Update ops already send that also answers some alerts: when
// it is accepted, the case clears the open alerts it answers.
type OpsAnswer string

// The Updates that answer alerts besides resolve and acknowledge.
const (
	// AnswerQualify: ops qualified the case.
	AnswerQualify OpsAnswer = "qualify"
	// AnswerOverride: ops decided the mission themselves.
	AnswerOverride OpsAnswer = "override_decision"
	// AnswerCancel: the case was cancelled; nothing is left to arrange for it.
	AnswerCancel OpsAnswer = "cancel"
	// AnswerLocate: the vehicle's position was given.
	AnswerLocate OpsAnswer = "locate"
)

// alertRule says how ops handle one kind of alert.
type alertRule struct {
	kind        AlertKind
	needsPerson bool
	answeredBy  []OpsAnswer
	// oncePerCase: a case raises this kind once; later causes are traced.
	oncePerCase bool
}

// alertRules is the table of the kinds, sorted by kind. The mission's fate
// (suspended, stopped…) is ops' to decide when the case could not: an override
// answers the alerts about it. A cancelled case needs nothing more arranged,
// except what the cancellation itself failed to undo.
var alertRules = []alertRule{
	{kind: AlertApprovalExpired, needsPerson: true, answeredBy: []OpsAnswer{AnswerOverride, AnswerCancel}},
	{kind: AlertClientNotNotified, needsPerson: true, oncePerCase: true},
	{kind: AlertCompensationFailed, needsPerson: true},
	{kind: AlertEtaBreached, answeredBy: []OpsAnswer{AnswerCancel}},
	{kind: AlertHistoryLarge, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}, oncePerCase: true},
	{kind: AlertMilestoneFlood, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}, oncePerCase: true},
	{kind: AlertMissionNotUpdated, needsPerson: true, answeredBy: []OpsAnswer{AnswerOverride}},
	{kind: AlertNotRepairedOnSite, answeredBy: []OpsAnswer{AnswerCancel}},
	{kind: AlertOwnerNotNotified, needsPerson: true},
	{kind: AlertPositionMissing, needsPerson: true, answeredBy: []OpsAnswer{AnswerLocate, AnswerCancel}},
	{kind: AlertProviderSilent, needsPerson: true, answeredBy: []OpsAnswer{AnswerOverride, AnswerCancel}},
	{kind: AlertRecordNotWritten, needsPerson: true},
	{kind: AlertSafety, needsPerson: true},
	{kind: AlertServiceNotOrdered, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}},
	{kind: AlertServicesNotOffered, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}},
	{kind: AlertServicesUnknown, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}},
	{kind: AlertUnassisted, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}},
	{kind: AlertVehicleNotFound, needsPerson: true, answeredBy: []OpsAnswer{AnswerOverride, AnswerCancel}},
	{kind: AlertWarrantyExpired, needsPerson: true, answeredBy: []OpsAnswer{AnswerOverride, AnswerCancel}},
	{kind: AlertWarrantyUnreachable, needsPerson: true, answeredBy: []OpsAnswer{AnswerCancel}},
}

func ruleOf(k AlertKind) (alertRule, bool) {
	for _, r := range alertRules {
		if r.kind == k {
			return r, true
		}
	}
	return alertRule{}, false
}

// Valid reports whether k is a known alert kind.
func (k AlertKind) Valid() bool {
	_, ok := ruleOf(k)
	return ok
}

// NeedsPerson reports whether an alert of this kind keeps a case open, waiting
// for ops to resolve it, once the case's decision is made and told.
func (k AlertKind) NeedsPerson() bool {
	r, _ := ruleOf(k)
	return r.needsPerson
}

// OncePerCase reports whether a case raises this kind of alert once only
// (client_not_notified: one alert is enough for ops to reach the client).
func (k AlertKind) OncePerCase() bool {
	r, _ := ruleOf(k)
	return r.oncePerCase
}

// AnsweredBy reports whether the Update a answers alerts of this kind.
func (k AlertKind) AnsweredBy(a OpsAnswer) bool {
	r, _ := ruleOf(k)
	for _, x := range r.answeredBy {
		if x == a {
			return true
		}
	}
	return false
}

// AlertKinds lists every alert kind, sorted.
func AlertKinds() []AlertKind {
	out := make([]AlertKind, len(alertRules))
	for i, r := range alertRules {
		out[i] = r.kind
	}
	return out
}

func alertKindNames() string {
	names := make([]string, 0, len(alertRules))
	for _, k := range AlertKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}
