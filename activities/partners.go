package activities

import (
	"context"

	"github.com/valetops/assistance/providers/partners"
)

// RankPartners ranks the operator's partners for a case (package partners):
// those able to take the vehicle and open, soonest arrival first, then price,
// then reliability. Run as a local activity, so the ranking a case used is in
// its history and a change of the network file never changes a running case.
func (a *Activities) RankPartners(_ context.Context, need partners.Need) ([]partners.Ranked, error) {
	network := a.Partners
	if len(network.Partners) == 0 {
		network = partners.Default()
	}
	return network.Rank(need), nil
}
