package network

import "time"

// Stats counts the orders a network answered. Each order is one of Accepted,
// Rejected, Busy, Unreachable or Silent; Acknowledged counts the orders
// answered later by webhook, whose answer (offer_accepted, offer_rejected, or
// none: Silent) is counted as well, when the order decides it.
type Stats struct {
	Orders int `json:"orders"`
	// Accepted and Rejected count the answers, in the response or by webhook.
	Accepted     int `json:"accepted"`
	Rejected     int `json:"rejected"`
	Busy         int `json:"busy"`
	Unreachable  int `json:"unreachable"`
	Acknowledged int `json:"acknowledged"`
	// Silent is the acknowledged orders that will never be answered.
	Silent    int `json:"silent"`
	Cancelled int `json:"cancelled"`
	// Tows and Repairs are the accepted assignments planned to end towed or
	// repaired on site (a failed repair ends towed).
	Tows    int `json:"tows"`
	Repairs int `json:"repairs"`
	// Late is the accepted assignments planned to arrive after their promise.
	Late int `json:"late"`
}

// Stats returns the counters so far.
func (n *Network) Stats() Stats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}

// Promises returns the ETA promised by each accepted assignment, in the order
// they were accepted.
func (n *Network) Promises() []time.Duration {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]time.Duration(nil), n.promises...)
}
