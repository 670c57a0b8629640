package activities

import (
	"github.com/valetops/assistance/contract"
)

// Dispatch answer statuses.
const (
	StatusAccepted = "accepted"
	StatusBusy     = "busy"
	StatusRejected = "rejected"
	// StatusAcknowledged: the provider received the request and will answer
	// later by webhook (offer_accepted or offer_rejected for AssignmentID).
	StatusAcknowledged = "acknowledged"
)

// ReasonOfferExpired is the reason of a request withdrawn because its provider
// did not answer within its offer window; the refusal it counts as says it too.
const ReasonOfferExpired = "offer_expired"

// DispatchOrder asks a provider to take an assignment.
type DispatchOrder struct {
	// IdempotencyKey is the same for every retry of one order: a provider that
	// sees it twice answers the first answer again and orders nothing new.
	IdempotencyKey string `json:"idempotency_key"`
	CaseID         string `json:"case_id"`
	Provider       string `json:"provider"`
	// Service is what is asked: "assistance" (the provider chooses: repair on
	// site or tow), or the option the client approved ("tow", "on_site_repair").
	Service   string            `json:"service"`
	MissionID string            `json:"mission_id"`
	Vehicle   contract.Vehicle  `json:"vehicle"`
	Location  contract.Location `json:"location"`
	Nature    contract.Nature   `json:"nature"`
	Symptoms  []string          `json:"symptoms"`
	Payer     contract.Payer    `json:"payer"`
	// TowTo is where a tow must go when the case says so (e.g. charging_point),
	// TowMaxKm how far at most (0: not limited): after a fallback away from a
	// program, the program's destination (rules.DispatchTow).
	TowTo    string  `json:"tow_to,omitempty"`
	TowMaxKm float64 `json:"tow_max_km,omitempty"`
	// EventNumber is the warranty manager's event number, abroad, asked before
	// the dispatch: it must appear on the invoices.
	EventNumber string `json:"event_number,omitempty"`
}

// DispatchAnswer is the provider's answer to a DispatchOrder.
type DispatchAnswer struct {
	Status       string `json:"status"` // accepted | busy | rejected | acknowledged
	AssignmentID string `json:"assignment_id,omitempty"`
	ETASeconds   int    `json:"eta_seconds,omitempty"`
	// RetryAfterSeconds is how long a busy provider asks us to wait.
	RetryAfterSeconds int `json:"retry_after_seconds,omitempty"`
	// RetryAfterMillis is the same delay in milliseconds, when the provider gave
	// one finer than a second (a scaled-down demo); it wins over the seconds.
	RetryAfterMillis int    `json:"retry_after_millis,omitempty"`
	Reason           string `json:"reason,omitempty"`
}

// QuoteRequest asks a provider for paid options.
type QuoteRequest struct {
	IdempotencyKey string            `json:"idempotency_key"`
	CaseID         string            `json:"case_id"`
	MissionID      string            `json:"mission_id"`
	Provider       string            `json:"provider"`
	Vehicle        contract.Vehicle  `json:"vehicle"`
	Location       contract.Location `json:"location"`
	Nature         contract.Nature   `json:"nature"`
}

// CancelOrder withdraws an assignment.
type CancelOrder struct {
	IdempotencyKey string `json:"idempotency_key"`
	CaseID         string `json:"case_id"`
	MissionID      string `json:"mission_id"`
	Provider       string `json:"provider"`
	AssignmentID   string `json:"assignment_id,omitempty"`
	// DispatchKey is the idempotency key of the dispatch order being withdrawn,
	// for an order whose answer never came back (no assignment id known).
	DispatchKey string `json:"dispatch_key"`
	Reason      string `json:"reason"`
}

// ServiceOrder orders an additional service for the beneficiary.
type ServiceOrder struct {
	IdempotencyKey string           `json:"idempotency_key"`
	CaseID         string           `json:"case_id"`
	MissionID      string           `json:"mission_id"`
	Provider       string           `json:"provider"`
	Service        contract.Service `json:"service"`
	// Cap describes the limit of the service (e.g. "until 2026-05-13", "500 EUR per person").
	Cap   string `json:"cap"`
	Until string `json:"until,omitempty"`
	// Payer is who pays the service when it is not the case's payer (the
	// operator pays the valet's taxi).
	Payer contract.Payer `json:"payer,omitempty"`
}

// ServiceConfirmation is the provider's confirmation of an additional service.
type ServiceConfirmation struct {
	Reference string `json:"reference"`
}

// ServiceCancellation takes back an additional service ordered for the case.
type ServiceCancellation struct {
	// IdempotencyKey is the same for every retry of this cancellation.
	IdempotencyKey string           `json:"idempotency_key"`
	CaseID         string           `json:"case_id"`
	MissionID      string           `json:"mission_id"`
	Provider       string           `json:"provider"`
	Service        contract.Service `json:"service"`
	// OrderKey is the idempotency key of the ServiceOrder taken back: its
	// handle at the provider, even when its confirmation never came back.
	OrderKey string `json:"order_key"`
	// Reference is the provider's reference of the service, when known.
	Reference string `json:"reference,omitempty"`
	Reason    string `json:"reason"`
}

// ClientNotice is one message to the client.
type ClientNotice struct {
	CaseID    string              `json:"case_id"`
	MissionID string              `json:"mission_id"`
	ClientID  string              `json:"client_id"`
	Kind      contract.NoticeKind `json:"kind"`
	// Message is the notice's text. Empty with Facts: NotifyClient writes it
	// from the kind and the facts, in the client's language.
	Message string `json:"message"`
	// Facts are what the notice states (package texts writes them).
	Facts *contract.NoticeFacts `json:"facts,omitempty"`
	// Language of the notice ("fr", "en"); empty: the client's setting.
	Language string `json:"language,omitempty"`
	// Title is the notice's title in its language, set when it is written.
	Title string `json:"title,omitempty"`
	// TrackingURL is the client's tracking page of the case (every notice).
	TrackingURL string `json:"tracking_url,omitempty"`
	// ApprovalURL is the page where the client approves a paid option (the
	// approval_requested and approval_reminder notices): NotifyClient signs
	// it when it sends them, so it never goes through the case's history.
	ApprovalURL string `json:"approval_url,omitempty"`
}

// OpsAlert is an alert for ops staff, sent to ops' URL as a signed webhook.
type OpsAlert struct {
	CaseID    string `json:"case_id"`
	MissionID string `json:"mission_id"`
	// Kind is what the alert is about; NeedsPerson says whether the case waits
	// for ops to resolve it (else ops acknowledge it).
	Kind        contract.AlertKind `json:"kind"`
	NeedsPerson bool               `json:"needs_person"`
	Reason      string             `json:"reason"`
	// Reminder counts the reminders of an alert still open (0: the alert itself).
	Reminder int `json:"reminder,omitempty"`
	// WebUIURL is the case in the Temporal Web UI; the notifier fills it in.
	WebUIURL string `json:"web_ui_url,omitempty"`
}

// ServiceOffer tells the beneficiary which additional services it may choose.
type ServiceOffer struct {
	CaseID    string                      `json:"case_id"`
	MissionID string                      `json:"mission_id"`
	ValetID   string                      `json:"valet_id"`
	Services  []contract.Service          `json:"services"`
	Caps      map[contract.Service]string `json:"caps,omitempty"`
}

// MissionUpdate tells the mission system what becomes of the mission.
type MissionUpdate struct {
	IdempotencyKey string                 `json:"idempotency_key"`
	CaseID         string                 `json:"case_id"`
	MissionID      string                 `json:"mission_id"`
	Mission        contract.MissionStatus `json:"mission"`
	Reason         string                 `json:"reason"`
}

// ValetNotice is a message to the valet's app (where the beneficiary's offers
// also go), such as the position link of a report without coordinates.
type ValetNotice struct {
	CaseID    string `json:"case_id"`
	MissionID string `json:"mission_id"`
	ValetID   string `json:"valet_id"`
	// Kind is the notice's kind: position_requested, assistance_dispatched,
	// service_ordered.
	Kind contract.ValetNoticeKind `json:"kind"`
	// Message is the notice's text; empty with Facts: written from them.
	Message string `json:"message"`
	// Facts are what the notice states (package texts writes them).
	Facts *contract.NoticeFacts `json:"facts,omitempty"`
	// Language of the notice; empty: French, the operator's.
	Language string `json:"language,omitempty"`
	// Title is the notice's title in its language, set when it is written.
	Title string `json:"title,omitempty"`
	// Link is what the valet opens: for position_requested, the page that
	// shares the phone's position with the case (Update locate); for
	// assistance_dispatched, the tracking page.
	Link string `json:"link,omitempty"`
}

// NoticeReceipt is what a notice said once written and delivered: its
// language, title and text, for the case's trace.
type NoticeReceipt struct {
	Language string `json:"language,omitempty"`
	Title    string `json:"title,omitempty"`
	Message  string `json:"message"`
}

// AssistanceNotice informs the vehicle's own assistance of a breakdown at the
// report (seed 002 VI, "Le centre d'appels doit être informé immédiatement
// dans tous les cas"): not a request for assistance, whatever the origin
// turns out to be; the assistance takes it and sends nothing.
type AssistanceNotice struct {
	// IdempotencyKey is the same for every retry: the assistance records the
	// information once.
	IdempotencyKey string `json:"idempotency_key"`
	CaseID         string `json:"case_id"`
	MissionID      string `json:"mission_id"`
	Provider       string `json:"provider"`
	// Program is the vehicle's program, when it names one.
	Program  string            `json:"program,omitempty"`
	Vehicle  contract.Vehicle  `json:"vehicle"`
	Location contract.Location `json:"location"`
	Symptoms []string          `json:"symptoms"`
	Drivable bool              `json:"drivable"`
	// BrokeDownAt is the report's at; ReportedAt when the report reached the
	// operator, which informs the assistance at that moment (RFC 3339).
	BrokeDownAt string `json:"broke_down_at"`
	ReportedAt  string `json:"reported_at"`
}

// AssistanceReceipt is the assistance's acknowledgement of the information.
type AssistanceReceipt struct {
	Reference string `json:"reference,omitempty"`
}

// Informed is the record of the information taken: the assistance reached it.
func (n AssistanceNotice) Informed(r AssistanceReceipt) contract.AssistanceInformed {
	return contract.AssistanceInformed{Provider: n.Provider, At: n.ReportedAt, Reached: true, Reference: r.Reference}
}

// Unreached is the record of an information that could not be given: the
// assistance still counts as informed at the report (DOMAIN.md).
func (n AssistanceNotice) Unreached(why string) contract.AssistanceInformed {
	return contract.AssistanceInformed{Provider: n.Provider, At: n.ReportedAt, Reached: false,
		Note: n.Provider + " could not be reached (" + why + "): counted as informed at the report"}
}
