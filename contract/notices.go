package contract

// The client's notices of the third round (DOMAIN.md, "Telling the client and
// the valet").
const (
	// NoticeServiceOrdered: an additional service (replacement vehicle,
	// onward travel, hotel, taxi, repatriation) was ordered and confirmed.
	NoticeServiceOrdered NoticeKind = "service_ordered"
	// NoticeWarrantyAbroad: the warranty manager's event number, and how a
	// repair abroad is paid (first, then reimbursed on the original paid
	// invoice at the rates of the program's country).
	NoticeWarrantyAbroad NoticeKind = "warranty_abroad"
)

// noticeKinds are the client's notices, in the order of a case.
var noticeKinds = []NoticeKind{NoticeBreakdownReported, NoticeQualified, NoticeAssistanceDispatched,
	NoticeAssistanceUnavailable, NoticeApprovalRequested, NoticeApprovalReminder, NoticeEnRoute, NoticeOnSite,
	NoticeDelay, NoticeRepaired, NoticeTowed, NoticeServiceOrdered, NoticeWarrantyAbroad, NoticeWarrantyDecision,
	NoticeMissionDecision, NoticeCaseClosed}

// NoticeKinds lists the client's notices, in the order of a case.
func NoticeKinds() []NoticeKind { return append([]NoticeKind(nil), noticeKinds...) }

// Valid reports whether k is a known client notice.
func (k NoticeKind) Valid() bool {
	for _, n := range noticeKinds {
		if n == k {
			return true
		}
	}
	return false
}

// ValetNoticeKind is a kind of message the valet's app is sent.
type ValetNoticeKind string

// The notices the valet's app can be sent (the valet is the one at the
// roadside: seed 000 §3, 001 "un lien vous permettant de suivre votre dossier").
const (
	// ValetPositionRequested: the position link of a report without coordinates.
	ValetPositionRequested ValetNoticeKind = "position_requested"
	// ValetAssistanceDispatched: an assistance was sent, at each dispatch,
	// with the tracking link and the ETA.
	ValetAssistanceDispatched ValetNoticeKind = "assistance_dispatched"
	// ValetServiceOrdered: an additional service was ordered and confirmed.
	ValetServiceOrdered ValetNoticeKind = "service_ordered"
)

var valetNoticeKinds = []ValetNoticeKind{ValetPositionRequested, ValetAssistanceDispatched, ValetServiceOrdered}

// Valid reports whether k is a known valet notice.
func (k ValetNoticeKind) Valid() bool {
	for _, n := range valetNoticeKinds {
		if n == k {
			return true
		}
	}
	return false
}

// ValetNoticeKinds lists the valet's notices.
func ValetNoticeKinds() []ValetNoticeKind { return append([]ValetNoticeKind(nil), valetNoticeKinds...) }

// Why an assistance was replaced, as the assistance_unavailable notice says
// it (NoticeFacts.Why).
const (
	WhyBusy        = "busy"          // saturated past the window
	WhyUnreachable = "unreachable"   // could not be reached
	WhyRejected    = "rejected"      // refused the request
	WhyOfferExpire = "offer_expired" // did not answer in time
	WhyLate        = "late"          // not on site long after its promise
	WhyTooLong     = "too_long"      // an ETA too long for the mission, the alternative sooner
	WhyNoneLeft    = "none_left"     // the operator's partner itself unavailable
)

// NoticeFacts are what a notice states, as facts: the workflow sends a
// notice's kind and its facts, and the notifier writes them in the reader's
// language (package texts), the same words as the pages. Times are the case's
// own (RFC 3339) and durations are counted in the case's own time, never in a
// demo's scaled time. A fact left empty is not said.
type NoticeFacts struct {
	MissionID string `json:"mission_id,omitempty"`
	Plate     string `json:"plate,omitempty"`
	// Secured: the report says the vehicle is secured (breakdown_reported
	// says so only then).
	Secured bool `json:"secured,omitempty"`
	// Origin and Nature of the qualification (qualified).
	Origin Origin `json:"origin,omitempty"`
	Nature Nature `json:"nature,omitempty"`
	// Provider is the assistance concerned; Handler its kind.
	Provider string  `json:"provider,omitempty"`
	Handler  Handler `json:"handler,omitempty"`
	// ETA is when the assistance is expected (RFC 3339, the case's own
	// time); ETAMinutes how long after the notice, in the case's own time.
	ETA        string `json:"eta,omitempty"`
	ETAMinutes int    `json:"eta_minutes,omitempty"`
	// LateMinutes: how late the assistance is on its promise (delay).
	LateMinutes int `json:"late_minutes,omitempty"`
	// Why the assistance was replaced (assistance_unavailable): Why* words;
	// Alternative is the provider sent instead, if any.
	Why         string `json:"why,omitempty"`
	Alternative string `json:"alternative,omitempty"`
	// Destination and Address of a tow; RepairDays the repairer's estimate.
	Destination string `json:"destination,omitempty"`
	Address     string `json:"address,omitempty"`
	RepairDays  int    `json:"repair_days,omitempty"`
	// Service ordered (service_ordered), its Reference at the provider and,
	// for a replacement vehicle, its last day Until (YYYY-MM-DD).
	Service   Service `json:"service,omitempty"`
	Reference string  `json:"reference,omitempty"`
	Until     string  `json:"until,omitempty"`
	// Options to approve and why the client pays them (approval_requested,
	// approval_reminder); ApprovalReason is an ApprovalReason* word or
	// not_covered:REASON.
	Options        []Option `json:"options,omitempty"`
	ApprovalReason string   `json:"approval_reason,omitempty"`
	// DeadlineMinutes: how long the client has left to answer.
	DeadlineMinutes int `json:"deadline_minutes,omitempty"`
	// Mission decided (mission_decision), and what the client is left with.
	Mission MissionStatus `json:"mission,omitempty"`
	// EventNumber of the warranty manager, and RatesCountry: the country
	// whose parts and labour rates a repair abroad is reimbursed at
	// (warranty_abroad).
	EventNumber  string `json:"event_number,omitempty"`
	RatesCountry string `json:"rates_country,omitempty"`
	// Warranty is the claim's state (warranty_decision), with what it covers
	// and what it leaves to the client, in whole euros.
	Warranty       string `json:"warranty,omitempty"`
	CoveredEUR     int    `json:"covered_eur,omitempty"`
	ClientShareEUR int    `json:"client_share_eur,omitempty"`
	// CancelledBy: who cancelled the case (case_closed), client or ops.
	CancelledBy string `json:"cancelled_by,omitempty"`
	// Link is what a valet notice opens: the position page, the tracking page.
	Link string `json:"link,omitempty"`
}
