package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/valetops/assistance/rules/partners"
)

// PartnerReliability measures the operator's partners by what they did: the
// share of its promises each kept over a rolling window before at, for the
// partners whose record holds enough promises to count (package scorecard
// reads it from the case record; docs/scorecards.md).
type PartnerReliability interface {
	Measured(ctx context.Context, at time.Time) (map[string]partners.Measured, error)
}

// RankPartners ranks the operator's partners for a case (package partners):
// those able to take the vehicle and open, soonest expected arrival first —
// the estimate plus the expected cost of a broken promise, by the partner's
// measured reliability where its record holds enough promises, else the
// network file's — then price, then reliability; then those passed over,
// each with why. Run as a local activity, so the ranking a case used is in
// its history and a change of the network file or the record never changes
// a running case. A record that cannot be read ranks by the file's values.
func (a *Activities) RankPartners(ctx context.Context, need partners.Need) ([]partners.Ranked, error) {
	network := a.Partners
	if len(network.Partners) == 0 {
		network = partners.Default()
	}
	var measured map[string]partners.Measured
	if a.Reliability != nil {
		m, err := a.Reliability.Measured(ctx, need.At)
		if err != nil {
			activity.GetLogger(ctx).Warn("partners ranked by the network file's reliabilities: the record could not be read", "error", err)
		}
		measured = m
	}
	return network.RankMeasured(need, measured), nil
}
