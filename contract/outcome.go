package contract

// Stage is where a case stands.
type Stage string

// The stages of a case, in the order of the conveying operator's procedure (docs/glossary.md).
const (
	StageReported         Stage = "reported"
	StageQualifying       Stage = "qualifying"
	StageLocating         Stage = "locating" // waiting for the position of a report without one
	StageRouting          Stage = "routing"
	StageDispatching      Stage = "dispatching"
	StageAwaitingApproval Stage = "awaiting_approval"
	StageAssisting        Stage = "assisting"
	StageAwaitingChoice   Stage = "awaiting_beneficiary"
	StageDeciding         Stage = "deciding"
	StageClosed           Stage = "closed"
)

// Service is a service provided to the vehicle or its beneficiary.
type Service string

// The services of a case.
const (
	ServicePhoneHelp          Service = "phone_help"
	ServiceOnSiteRepair       Service = "on_site_repair"
	ServiceTow                Service = "tow"
	ServiceReplacementVehicle Service = "replacement_vehicle"
	ServiceOnwardTravel       Service = "onward_travel"
	ServiceHotel              Service = "hotel"
	ServiceTaxi               Service = "taxi"
	ServiceTransfer           Service = "transfer"
	ServiceRepatriation       Service = "repatriation"
)

var services = set(ServicePhoneHelp, ServiceOnSiteRepair, ServiceTow, ServiceReplacementVehicle, ServiceOnwardTravel,
	ServiceHotel, ServiceTaxi, ServiceTransfer, ServiceRepatriation)

// Valid reports whether s is a known service.
func (s Service) Valid() bool { return services[s] }

// NoticeKind is a kind of message the client is sent.
type NoticeKind string

// The notices the client can be sent.
const (
	NoticeBreakdownReported     NoticeKind = "breakdown_reported"
	NoticeQualified             NoticeKind = "qualified"
	NoticeAssistanceDispatched  NoticeKind = "assistance_dispatched"
	NoticeAssistanceUnavailable NoticeKind = "assistance_unavailable"
	NoticeApprovalRequested     NoticeKind = "approval_requested"
	NoticeApprovalReminder      NoticeKind = "approval_reminder"
	NoticeEnRoute               NoticeKind = "en_route"
	NoticeOnSite                NoticeKind = "on_site"
	NoticeRepaired              NoticeKind = "repaired"
	NoticeTowed                 NoticeKind = "towed"
	NoticeMissionDecision       NoticeKind = "mission_decision"
	NoticeCaseClosed            NoticeKind = "case_closed"
)

// Approval states of the client's approval of paid options.
const (
	ApprovalNotRequired = "not_required"
	ApprovalPending     = "pending"
	ApprovalDeclined    = "declined"
	ApprovalExpired     = "expired"
	approvedPrefix      = "approved:"
)

// Approved is the approval state of a chosen option.
func Approved(option string) string { return approvedPrefix + option }

// TimelineEntry is one traced step of a case.
type TimelineEntry struct {
	At     string `json:"at"`
	Stage  Stage  `json:"stage"`
	Step   string `json:"step"`
	Reason string `json:"reason"`
}

// Outcome is what a case shows: its state at any moment through the outcome
// Query, and its result once closed. The keys match the scenario format's expect.
type Outcome struct {
	CaseID      string `json:"case_id"`
	MissionID   string `json:"mission_id"`
	ClientID    string `json:"client_id"`
	Stage       Stage  `json:"stage"`
	Summary     string `json:"summary"`
	Origin      Origin `json:"origin,omitempty"`
	Nature      Nature `json:"nature,omitempty"`
	QualifiedBy string `json:"qualified_by,omitempty"`
	Drivable    bool   `json:"drivable"`
	// NonCompliance says what makes the vehicle non-compliant even if it drives.
	NonCompliance string `json:"non_compliance,omitempty"`
	// LocatedBy says who gave the position when the report had none: valet or ops.
	LocatedBy string `json:"located_by,omitempty"`

	Handler   Handler   `json:"handler,omitempty"`
	Provider  string    `json:"provider,omitempty"`
	Fallback  bool      `json:"fallback"`
	Payer     Payer     `json:"payer,omitempty"`
	Liability Liability `json:"liability,omitempty"`

	Coverage       string    `json:"coverage,omitempty"`
	Approval       string    `json:"approval"`
	OptionsOffered []Option  `json:"options_offered,omitempty"`
	Services       []Service `json:"services"`
	TowDestination string    `json:"tow_destination,omitempty"`
	// TowAddress is the address of the tow's destination, when the provider gave it.
	TowAddress              string    `json:"tow_address,omitempty"`
	Entitlements            []Service `json:"entitlements"`
	ReplacementVehicleUntil string    `json:"replacement_vehicle_until,omitempty"`

	// ETA is when the provider handling the case promised to reach the vehicle
	// (RFC 3339), from its acceptance or its latest estimate.
	ETA string `json:"eta,omitempty"`

	// TrackingURL is the client's tracking page; ReportURL the owner's
	// report. The approval page's link is never in the outcome: it goes only
	// to the party that approves, in the approval notices.
	TrackingURL string `json:"tracking_url,omitempty"`
	ReportURL   string `json:"report_url,omitempty"`

	// Warranty is the state of the vehicle's warranty claim (covered,
	// partial:AMOUNT, refused:REASON, expired, pending); empty: no claim.
	Warranty string `json:"warranty,omitempty"`
	// EventNumber is the warranty manager's event number (abroad).
	EventNumber string `json:"event_number,omitempty"`
	// Claim is the warranty claim in full, once one was opened.
	Claim *Claim `json:"claim,omitempty"`

	Mission       MissionStatus `json:"mission,omitempty"`
	MissionReason string        `json:"mission_reason,omitempty"`
	Cancelled     bool          `json:"cancelled"`

	// EtaBreached: the assistance reached the vehicle (or never did) more than
	// the grace after its promise (docs/saga.md, promises).
	EtaBreached bool `json:"eta_breached"`
	// Scorecard holds what a provider's scorecard needs: one entry per request
	// to a provider, answered or not, in the order they were sent.
	Scorecard []ProviderTimes `json:"scorecard,omitempty"`

	// OpsAlerts are the alerts the case raised for ops, handled or not
	// (their kinds are the scenario format's ops_alerted: AlertedKinds).
	OpsAlerts []OpsAlertRecord `json:"ops_alerts,omitempty"`

	// ApprovalReason says why the client was asked to pay, at the latest
	// request for approval (ApprovalReason*, or not_covered:REASON); empty:
	// the client was never asked.
	ApprovalReason string `json:"approval_reason,omitempty"`
	// ServiceProviders names the provider each additional service (taxi,
	// replacement vehicle, onward travel, hotel, repatriation) was ordered from.
	ServiceProviders map[Service]string `json:"service_providers,omitempty"`
	// EventNumberBeforeTow: the warranty manager's event number was assigned
	// before the vehicle was towed (abroad, as soon as the case was qualified).
	EventNumberBeforeTow bool `json:"event_number_before_tow"`
	// AssistanceInformed is how the vehicle's own assistance was informed at
	// the report; nil: it has none, or was not informed at the report.
	AssistanceInformed *AssistanceInformed `json:"assistance_informed,omitempty"`
	// AssistanceInformedAtReport: the vehicle's own assistance was informed
	// at the report, before the qualification (reached or not: an assistance
	// that could not be reached counts as informed).
	AssistanceInformedAtReport bool `json:"assistance_informed_at_report"`

	// ClientNotified are the notices delivered to the client, in order (a
	// notice its endpoint did not take is not in it).
	ClientNotified []NoticeKind `json:"client_notified"`
	// ValetNotified are the notices delivered to the valet's app, in order.
	ValetNotified []ValetNoticeKind `json:"valet_notified,omitempty"`
	Timeline      []TimelineEntry   `json:"timeline"`
}

// Option is a paid option quoted for the client to approve.
type Option struct {
	Option   string  `json:"option"`
	PriceEUR float64 `json:"price_eur"`
	Provider string  `json:"provider"`
}

// AlertedKinds lists the kinds of the alerts the case raised, handled or not,
// each once, in the order first raised: the scenario format's ops_alerted.
func (o Outcome) AlertedKinds() []AlertKind {
	out := []AlertKind{}
	for _, a := range o.OpsAlerts {
		seen := false
		for _, k := range out {
			seen = seen || k == a.Kind
		}
		if !seen {
			out = append(out, a.Kind)
		}
	}
	return out
}

// Alerted reports whether the case raised an alert of kind k.
func (o Outcome) Alerted(k AlertKind) bool {
	for _, a := range o.OpsAlerts {
		if a.Kind == k {
			return true
		}
	}
	return false
}

// AssistanceInformed records the information the case gave the vehicle's own
// assistance at the report (seed 002 VI, "Le centre d'appels doit être informé
// immédiatement dans tous les cas"): not a request for assistance, whatever the
// origin turns out to be.
type AssistanceInformed struct {
	// Provider is the vehicle's own assistance.
	Provider string `json:"provider"`
	// At is when the case informed it, in the case's own time (RFC 3339):
	// the report's reported_at; a program counts a late report from the
	// breakdown to this moment.
	At string `json:"at"`
	// Reached: the assistance took the information. False: it could not be
	// reached, and the case still counts it as informed (DOMAIN.md).
	Reached bool `json:"reached"`
	// Reference is the assistance's reference of the information, if any.
	Reference string `json:"reference,omitempty"`
	// Note says why it was not reached, for the trace.
	Note string `json:"note,omitempty"`
}

// HasService reports whether the case provided s.
func (o Outcome) HasService(s Service) bool {
	for _, have := range o.Services {
		if have == s {
			return true
		}
	}
	return false
}

// CaseLinks are the signed links to a case's pages (package links signs them
// outside the workflow; the case keeps them to hand out).
type CaseLinks struct {
	// Tracking is the client's tracking page.
	Tracking string `json:"tracking,omitempty"`
	// Approval is the client's approval page of paid options.
	Approval string `json:"approval,omitempty"`
	// Report is the owner's printable report of the case.
	Report string `json:"report,omitempty"`
}

// ProviderTimes is one request to a provider and what became of it, the
// times in the case's own time (RFC 3339): when it was asked, how it answered
// (accepted, refused with its reason, let the offer expire, stayed busy, could
// not be reached), when it accepted and what it promised, when it was on
// site, and how its work ended. Empty: not (yet). What provider scorecards
// are computed from (docs/scorecards.md).
type ProviderTimes struct {
	Provider     string `json:"provider"`
	AssignmentID string `json:"assignment_id"`
	RequestedAt  string `json:"requested_at"`
	AcceptedAt   string `json:"accepted_at,omitempty"`
	// PromisedAt is the promise in force: AcceptedAt plus ETASeconds, or the
	// provider's renewed ETA.
	PromisedAt string `json:"promised_at,omitempty"`
	OnSiteAt   string `json:"on_site_at,omitempty"`
	// Replaced says why the assignment was cancelled for another one
	// (eta_breached, superseded, requalified), if it was.
	Replaced string `json:"replaced,omitempty"`
	// Service is what the provider was asked for: assistance (its choice of
	// repair or tow), or the option the client approved (tow, on_site_repair).
	Service string `json:"service,omitempty"`
	// Answer is how the request ended (Answer*); empty in entries written
	// before answers were kept, which were all accepted.
	Answer string `json:"answer,omitempty"`
	// AnsweredAt is when a refusal came (an acceptance: AcceptedAt).
	AnsweredAt string `json:"answered_at,omitempty"`
	// Reason is the provider's reason for a refusal (out_of_area,
	// no_driver_available, ...).
	Reason string `json:"reason,omitempty"`
	// ETASeconds is the ETA given with the acceptance: the first promise.
	ETASeconds int `json:"eta_seconds,omitempty"`
	// Ended is the milestone that ended the provider's work (repaired, towed,
	// fixed_by_phone, goa), at EndedAt; UnsuccessfulAt is when an on-site
	// repair failed before (a tow usually follows).
	Ended          MilestoneKind `json:"ended,omitempty"`
	EndedAt        string        `json:"ended_at,omitempty"`
	UnsuccessfulAt string        `json:"unsuccessful_at,omitempty"`
}

// How a request to a provider ended (ProviderTimes.Answer).
const (
	// AnswerAccepted: the provider took the assignment, with an ETA.
	AnswerAccepted = "accepted"
	// AnswerRefused: the provider refused, at once or by its answer to an
	// acknowledged offer, for a reason.
	AnswerRefused = "refused"
	// AnswerExpired: the provider acknowledged the offer and did not answer
	// within the offer window (a refusal, offer_expired).
	AnswerExpired = "expired"
	// AnswerSaturated: the provider stayed busy past the saturation window.
	AnswerSaturated = "saturated"
	// AnswerUnreachable: the provider could not be reached after retries.
	AnswerUnreachable = "unreachable"
)

// NoticeDelay tells the client the assistance is late past the grace on its
// promise (docs/saga.md, "Offers and promises").
const NoticeDelay NoticeKind = "delay"
