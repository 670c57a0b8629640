package rules

import "time"

// Settings are the windows and delays of a case. The worker loads them per
// client when a case starts; a live demo scales them down.
type Settings struct {
	// QualificationWindow: how long the saga waits for ops to qualify.
	QualificationWindow time.Duration `json:"qualification_window"`
	// SaturationWindow: how long a busy assistance is asked again before the alternative.
	SaturationWindow time.Duration `json:"saturation_window"`
	// RetryInitial and RetryMax bound the backoff between two requests to a busy assistance.
	RetryInitial time.Duration `json:"retry_initial"`
	RetryMax     time.Duration `json:"retry_max"`
	// ReminderEvery: how often the client is reminded of a pending approval.
	ReminderEvery time.Duration `json:"reminder_every"`
	// ApprovalDeadline: when a pending approval expires.
	ApprovalDeadline time.Duration `json:"approval_deadline"`
	// FollowTimeout: how long after acceptance the provider has to finish.
	FollowTimeout time.Duration `json:"follow_timeout"`
	// ChoiceWindow: how long the beneficiary has to choose an additional service.
	ChoiceWindow time.Duration `json:"choice_window"`
	// DecisionWindow: how long ops may override the proposed mission decision.
	DecisionWindow time.Duration `json:"decision_window"`
	// PositionWindow: how long the valet has to share the position through the
	// link before ops are alerted (a report without coordinates, seed 001).
	PositionWindow time.Duration `json:"position_window,omitempty"`
	// PositionOpsWindow: how long ops then have to set the position by hand
	// before the case gives up and the mission is suspended.
	PositionOpsWindow time.Duration `json:"position_ops_window,omitempty"`
	// OpsWindow: how long a case whose decision is made and told stays open
	// (stage awaiting_ops) for ops to resolve an alert that needs a person.
	OpsWindow time.Duration `json:"ops_window,omitempty"`
	// OpsReminderEvery: how often ops are reminded of a case awaiting them.
	OpsReminderEvery time.Duration `json:"ops_reminder_every,omitempty"`
	// WarrantyDiagnosisWindow: how long after the tow the repairer has to send
	// its diagnosis and quote for a vehicle under warranty.
	WarrantyDiagnosisWindow time.Duration `json:"warranty_diagnosis_window,omitempty"`
	// WarrantyDecisionWindow: how long the warranty manager has to decide once
	// it has the diagnosis and the quote.
	WarrantyDecisionWindow time.Duration `json:"warranty_decision_window,omitempty"`
	// OfferWindow: how long a provider that acknowledged a request has to
	// answer it (accept or refuse) before the offer expires.
	OfferWindow time.Duration `json:"offer_window,omitempty"`
	// ProviderOfferWindows: a provider's own offer window, by provider id; the
	// shorter of it and OfferWindow applies.
	ProviderOfferWindows map[string]time.Duration `json:"provider_offer_windows,omitempty"`
	// EtaGrace: how late on its promise an assistance may be before the client
	// is told of the delay and ops are alerted.
	EtaGrace time.Duration `json:"eta_grace,omitempty"`
	// EtaGiveUp: how late on its promise an assistance may be before the
	// alternative is sent and the late assignment cancelled.
	EtaGiveUp time.Duration `json:"eta_give_up,omitempty"`
	// MaxETA: the longest accepted ETA compatible with the mission; a longer
	// one makes the case ask the alternative at the same time.
	MaxETA time.Duration `json:"max_eta,omitempty"`
	// Language is the client's language for its notices and pages: "fr"
	// (the default, also when empty) or "en" (package texts).
	Language string `json:"language,omitempty"`
	// TimeScale is the factor the windows were divided by (0 or 1: real time).
	// A scaled case maps its elapsed time back to the world of the report, so a
	// tow an hour after a breakdown is dated an hour after it, as it would be.
	TimeScale float64 `json:"time_scale,omitempty"`
}

// CaseTime maps a moment of a case that opened at opened, reported at
// reportedAt, to the case's own time: the same moment in real time, or the
// report time plus the elapsed time multiplied back by the scale.
func (s Settings) CaseTime(reportedAt, opened, now time.Time) time.Time {
	if s.TimeScale <= 0 || s.TimeScale == 1 {
		return now
	}
	return reportedAt.Add(time.Duration(float64(now.Sub(opened)) * s.TimeScale))
}

// DefaultSettings are the windows of the issue: 10 minutes to qualify, 30 minutes
// of saturation, a reminder every 30 minutes and a 2 hour approval deadline.
func DefaultSettings() Settings {
	return Settings{
		QualificationWindow: 10 * time.Minute,
		SaturationWindow:    30 * time.Minute,
		RetryInitial:        time.Minute,
		RetryMax:            5 * time.Minute,
		ReminderEvery:       30 * time.Minute,
		ApprovalDeadline:    2 * time.Hour,
		FollowTimeout:       8 * time.Hour,
		ChoiceWindow:        2 * time.Hour,
		DecisionWindow:      5 * time.Minute,
		PositionWindow:      15 * time.Minute,
		PositionOpsWindow:   2 * time.Hour,
		OpsWindow:           2 * time.Hour,
		OpsReminderEvery:    30 * time.Minute,

		WarrantyDiagnosisWindow: 48 * time.Hour,
		WarrantyDecisionWindow:  24 * time.Hour,

		OfferWindow: 5 * time.Minute,
		EtaGrace:    30 * time.Minute,
		EtaGiveUp:   time.Hour,
		MaxETA:      2 * time.Hour,
	}
}

// ClientLanguage is the client's language for notices and pages: Language,
// or French ("fr") when none is set.
func (s Settings) ClientLanguage() string {
	if s.Language == "" {
		return "fr"
	}
	return s.Language
}

// WarrantyWindows returns the diagnosis and decision windows, the defaults
// (scaled as the other windows are) where settings recorded before the
// warranty windows existed leave them zero.
func (s Settings) WarrantyWindows() (diagnosis, decision time.Duration) {
	d := s.defaults()
	return positiveOr(s.WarrantyDiagnosisWindow, d.WarrantyDiagnosisWindow), positiveOr(s.WarrantyDecisionWindow, d.WarrantyDecisionWindow)
}

// PositionWindows returns the valet's and ops' windows for a report without a
// position, the defaults (scaled as the other windows are) where settings
// recorded before these windows existed leave them zero.
func (s Settings) PositionWindows() (valet, ops time.Duration) {
	d := s.defaults()
	return positiveOr(s.PositionWindow, d.PositionWindow), positiveOr(s.PositionOpsWindow, d.PositionOpsWindow)
}

// positiveOr is d, or fallback when d is not set.
func positiveOr(d, fallback time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return fallback
}

// Scaled divides every window by factor (a live demo plays hours in minutes).
func (s Settings) Scaled(factor float64) Settings {
	if factor <= 0 || factor == 1 {
		return s
	}
	f := func(d time.Duration) time.Duration {
		scaled := time.Duration(float64(d) / factor)
		if scaled < 10*time.Millisecond {
			scaled = 10 * time.Millisecond
		}
		return scaled
	}
	return Settings{
		QualificationWindow: f(s.QualificationWindow),
		SaturationWindow:    f(s.SaturationWindow),
		RetryInitial:        f(s.RetryInitial),
		RetryMax:            f(s.RetryMax),
		ReminderEvery:       f(s.ReminderEvery),
		ApprovalDeadline:    f(s.ApprovalDeadline),
		FollowTimeout:       f(s.FollowTimeout),
		ChoiceWindow:        f(s.ChoiceWindow),
		DecisionWindow:      f(s.DecisionWindow),
		PositionWindow:      f(s.PositionWindow),
		PositionOpsWindow:   f(s.PositionOpsWindow),
		OpsWindow:           f(s.OpsWindow),
		OpsReminderEvery:    f(s.OpsReminderEvery),
		TimeScale:           factor,
		Language:            s.Language,

		WarrantyDiagnosisWindow: f(s.WarrantyDiagnosisWindow),
		WarrantyDecisionWindow:  f(s.WarrantyDecisionWindow),

		OfferWindow:          f(s.OfferWindow),
		ProviderOfferWindows: scaledWindows(s.ProviderOfferWindows, f),
		EtaGrace:             f(s.EtaGrace),
		EtaGiveUp:            f(s.EtaGiveUp),
		MaxETA:               f(s.MaxETA),
	}
}

// OpsWindows returns the ops window and how often ops are reminded, the
// defaults (scaled as the other windows are) where settings recorded before
// these windows existed leave them zero.
func (s Settings) OpsWindows() (window, reminderEvery time.Duration) {
	d := DefaultSettings()
	if s.TimeScale > 1 {
		d = d.Scaled(s.TimeScale)
	}
	window, reminderEvery = s.OpsWindow, s.OpsReminderEvery
	if window <= 0 {
		window = d.OpsWindow
	}
	if reminderEvery <= 0 {
		reminderEvery = d.OpsReminderEvery
	}
	return window, reminderEvery
}
