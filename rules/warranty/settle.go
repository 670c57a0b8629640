package warranty

import (
	"fmt"

	"github.com/valetops/assistance/contract"
)

// Settlement is how a decision shares the repair between the warranty and the
// client.
type Settlement struct {
	// State is covered, partial:AMOUNT or refused:REASON (contract.Warranty*).
	State          string `json:"state"`
	CoveredEUR     int    `json:"covered_eur"`
	ClientShareEUR int    `json:"client_share_eur"`
	// Reason is one sentence for the case's timeline.
	Reason string `json:"reason"`
}

// ReasonCeiling is why a decision above the program's amount ceiling is paid
// only up to it.
const ReasonCeiling = "ceiling"

// Settle shares a quote between the warranty and the client after the
// manager's decision: what the manager covers, capped by the program's amount
// ceiling (p may be nil: no ceiling); the rest is the client's to approve.
func Settle(p *Program, quoteEUR int, d contract.Decision) Settlement {
	if d.Refused != "" {
		return Settlement{State: contract.WarrantyRefused(d.Refused), ClientShareEUR: quoteEUR,
			Reason: fmt.Sprintf("the warranty manager refused the %d EUR quote (%s): the repair is the client's to approve", quoteEUR, d.Refused)}
	}
	covered := d.CoveredEUR
	note := ""
	if p != nil && p.Ceilings != nil {
		paid, excess := p.Ceilings.CapAmount(float64(covered))
		if excess > 0 {
			covered = int(paid)
			note = fmt.Sprintf("; the program pays at most %d EUR per intervention (%s)", covered, p.Ceilings.Clause)
		}
	}
	s := Settlement{CoveredEUR: covered, ClientShareEUR: quoteEUR - covered}
	if s.ClientShareEUR == 0 {
		s.State = contract.WarrantyCovered
		s.Reason = fmt.Sprintf("the warranty covers the whole %d EUR quote", quoteEUR)
		return s
	}
	s.State = contract.WarrantyPartial(covered)
	s.Reason = fmt.Sprintf("the warranty covers %d EUR of the %d EUR quote%s: %d EUR are the client's to approve", covered, quoteEUR, note, s.ClientShareEUR)
	return s
}
