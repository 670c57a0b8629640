package network

// Stats counts the orders a network answered.
type Stats struct {
	Orders       int `json:"orders"`
	Accepted     int `json:"accepted"`
	Rejected     int `json:"rejected"`
	Busy         int `json:"busy"`
	Unreachable  int `json:"unreachable"`
	Acknowledged int `json:"acknowledged"`
	// Silent is the acknowledged orders that will never be answered.
	Silent    int `json:"silent"`
	Cancelled int `json:"cancelled"`
}

// Stats returns the counters so far.
func (n *Network) Stats() Stats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}
