package scorecard

import (
	"context"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/providers/partners"
	"github.com/valetops/assistance/record"
)

// The ranking's defaults (docs/scorecards.md, "The ranking the figures steer").
const (
	// DefaultWindow is how far back a partner's promises are counted: a
	// month, the period of the trade's scorecards — long enough for a partner
	// that takes a few cases a day to reach DefaultMinPromises, short enough
	// that one that mends its ways is asked first again within the month.
	DefaultWindow = 30 * 24 * time.Hour
	// DefaultMinPromises is how many promises a partner's record must hold
	// for its measured reliability to replace the network file's: at 20, a
	// partner keeping 60 % of its promises is told from one keeping 90 %
	// (the standard error of a share is at most 0.11), and one bad evening
	// does not move a partner that has served for weeks.
	DefaultMinPromises = 20
)

// Entries reads the scorecard entries of a period (record.Store).
type Entries interface {
	ScorecardEntries(ctx context.Context, q record.ScorecardQuery) ([]record.ScorecardEntry, error)
}

// Measure gives the operator's partners their reliability measured from the
// record: over the Window before the ranking, the share of its promises each
// partner kept (Card.Reliability), for the partners whose record holds at
// least MinPromises promises; the others keep the network file's value.
type Measure struct {
	Entries Entries
	// Window and MinPromises: zero, DefaultWindow and DefaultMinPromises.
	Window      time.Duration
	MinPromises int
	// Options count the entries (the grace of a breach).
	Options Options
}

var _ activities.PartnerReliability = Measure{}

// Measured returns the measured reliability of each provider with enough
// promises in the window before at.
func (m Measure) Measured(ctx context.Context, at time.Time) (map[string]partners.Measured, error) {
	window, least := m.Window, m.MinPromises
	if window <= 0 {
		window = DefaultWindow
	}
	if least <= 0 {
		least = DefaultMinPromises
	}
	entries, err := m.Entries.ScorecardEntries(ctx, record.ScorecardQuery{From: at.Add(-window), To: at})
	if err != nil {
		return nil, err
	}
	out := map[string]partners.Measured{}
	for _, c := range Compute(entries, m.Options) {
		if n := c.Promises(); n >= least {
			out[c.Provider] = partners.Measured{Reliability: c.Reliability(), Promises: n}
		}
	}
	return out, nil
}
