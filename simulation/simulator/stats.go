package simulator

import "github.com/valetops/assistance/simulation/network"

// Stats counts what the simulator saw and did.
type Stats struct {
	// UnsignedAlerts is the ops alerts refused for a missing or wrong signature
	// (with Config.OpsAlertsSecret set).
	UnsignedAlerts int `json:"unsigned_alerts"`
	// Requests is every request to the providers' API and to the mission
	// system (the endpoints that take an Idempotency-Key), repeats included.
	Requests int `json:"requests"`
	// RepeatedRequests is those answered from the idempotency memory: a key seen
	// before got its first answer again, and nothing new was ordered.
	RepeatedRequests int `json:"repeated_requests"`
	// DuplicateOrders is orders that should not have been placed: a second
	// accepted assignment for the same mission and provider with no cancellation
	// in between, or the same service ordered twice for one case under another key.
	DuplicateOrders int `json:"duplicate_orders"`
	// Cancels is the cancellations received (repeats excluded).
	Cancels int `json:"cancels"`
	// Informed is the informations given to the vehicles' own assistance at
	// the report (repeats excluded).
	Informed int `json:"informed"`
	// NoticesRefused is the client notices refused by a client whose endpoint
	// is scripted down (client.notices: "unreachable"), each attempt.
	NoticesRefused int `json:"notices_refused"`
	// WebhooksSent is the events delivered (answered 2xx).
	WebhooksSent int `json:"webhooks_sent"`
	// WebhookFailures is the events given up: refused with a 4xx other than 429,
	// or still failing after the last attempt.
	WebhookFailures int `json:"webhook_failures"`
	// Network counts the orders the network model answered (unscripted
	// missions); absent when the simulator plays scripts only.
	Network *network.Stats `json:"network,omitempty"`
}

// Stats returns the counters so far.
func (s *Simulator) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	if s.cfg.Network != nil {
		ns := s.cfg.Network.Stats()
		st.Network = &ns
	}
	return st
}
