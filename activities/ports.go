package activities

import (
	"context"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// Providers reaches the assistance providers: the vehicle's own assistance and
// the operator's partner. Implementations speak the providers' protocol; an error
// means the provider could not be reached (transport failure, timeout, 5xx), an
// answer means it was.
type Providers interface {
	// Dispatch asks a provider to take an assignment.
	Dispatch(ctx context.Context, order DispatchOrder) (DispatchAnswer, error)
	// Quote asks a provider for the paid options it offers the client.
	Quote(ctx context.Context, req QuoteRequest) ([]contract.Option, error)
	// Cancel withdraws an open assignment.
	Cancel(ctx context.Context, order CancelOrder) error
	// OrderService orders an additional service (replacement vehicle, onward
	// travel, hotel, repatriation) from the provider handling the case.
	OrderService(ctx context.Context, order ServiceOrder) (ServiceConfirmation, error)
	// CancelService takes back an additional service: by its order's
	// idempotency key, whether or not the confirmation came back.
	CancelService(ctx context.Context, c ServiceCancellation) error
}

// AssistanceInformer informs the vehicle's own assistance of a breakdown at
// the report (not a request for assistance). The providers' HTTP client
// implements it beside Providers.
type AssistanceInformer interface {
	InformAssistance(ctx context.Context, n AssistanceNotice) (AssistanceReceipt, error)
}

// Notifier tells the parties of a case what happens.
type Notifier interface {
	// NotifyClient sends the client a notice about its mission.
	NotifyClient(ctx context.Context, n ClientNotice) error
	// AlertOps raises an alert for ops staff.
	AlertOps(ctx context.Context, a OpsAlert) error
	// OfferServices tells the beneficiary which additional services it may choose.
	OfferServices(ctx context.Context, o ServiceOffer) error
	// NotifyValet sends the valet's app a notice (the position link, an
	// assistance dispatched with its tracking link and ETA, a service ordered).
	NotifyValet(ctx context.Context, n ValetNotice) error
}

// Missions updates the conveying mission in the operator's mission system.
type Missions interface {
	UpdateMission(ctx context.Context, u MissionUpdate) error
}

// SettingsSource gives the windows of a case for a client.
type SettingsSource interface {
	SettingsFor(clientID string) rules.Settings
}

// FixedSettings gives every client the default settings, except the saturation
// and offer windows where a client's contract sets its own.
type FixedSettings struct {
	Default rules.Settings
	// SaturationByClient overrides the saturation window per client id.
	SaturationByClient map[string]time.Duration
	// OfferWindowByClient overrides the offer window per client id.
	OfferWindowByClient map[string]time.Duration
	// WarrantyByClient overrides the warranty windows per client id (a zero
	// window keeps the default).
	WarrantyByClient map[string]WarrantyWindows
	// OpsWindowByClient overrides how long a case waits for ops (stage
	// awaiting_ops) per client id.
	OpsWindowByClient map[string]time.Duration
	// LanguageByClient sets a client's language for its notices and pages
	// ("fr", the default, or "en").
	LanguageByClient map[string]string
}

// SettingsFor returns the client's settings.
func (f FixedSettings) SettingsFor(clientID string) rules.Settings {
	s := f.Default
	if w, ok := f.SaturationByClient[clientID]; ok && w > 0 {
		s.SaturationWindow = w
	}
	if w, ok := f.OpsWindowByClient[clientID]; ok && w > 0 {
		s.OpsWindow = w
	}
	if l, ok := f.LanguageByClient[clientID]; ok && l != "" {
		s.Language = l
	}
	if w, ok := f.OfferWindowByClient[clientID]; ok && w > 0 {
		s.OfferWindow = w
	}
	if w, ok := f.WarrantyByClient[clientID]; ok {
		if w.Diagnosis > 0 {
			s.WarrantyDiagnosisWindow = w.Diagnosis
		}
		if w.Decision > 0 {
			s.WarrantyDecisionWindow = w.Decision
		}
	}
	return s
}
