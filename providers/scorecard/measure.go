package scorecard

import (
	"context"
	"sync"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/rules/partners"
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
	// DefaultRefresh is how often the measure is taken again: the window ends
	// at the start of the ranking's hour, so a worker reads a month of record
	// once an hour (a quarter of a second a week of 2,000 cases a day), not
	// once a case.
	DefaultRefresh = time.Hour
)

// Entries reads the scorecard entries of a period (record.Store).
type Entries interface {
	ScorecardEntries(ctx context.Context, q record.ScorecardQuery) ([]record.ScorecardEntry, error)
}

// Measure gives the operator's partners their reliability measured from the
// record: over the Window before the ranking's hour, the share of its
// promises each partner kept (Card.Reliability), for the partners whose
// record holds at least MinPromises promises; the others keep the network
// file's value. It is safe for concurrent use.
type Measure struct {
	Entries Entries
	// Window, MinPromises and Refresh: zero, DefaultWindow,
	// DefaultMinPromises and DefaultRefresh.
	Window      time.Duration
	MinPromises int
	Refresh     time.Duration
	// Options count the entries (the grace of a breach).
	Options Options

	mu     sync.Mutex
	cached map[time.Time]map[string]partners.Measured // by the end of the window: one entry
}

var _ activities.PartnerReliability = (*Measure)(nil)

// Measured returns the measured reliability of each provider with enough
// promises in the window ending at the start of at's Refresh period (the
// hour), taken once per period.
func (m *Measure) Measured(ctx context.Context, at time.Time) (map[string]partners.Measured, error) {
	window, least, refresh := m.Window, m.MinPromises, m.Refresh
	if window <= 0 {
		window = DefaultWindow
	}
	if least <= 0 {
		least = DefaultMinPromises
	}
	if refresh <= 0 {
		refresh = DefaultRefresh
	}
	end := at.UTC().Truncate(refresh)
	m.mu.Lock()
	defer m.mu.Unlock()
	if got, ok := m.cached[end]; ok {
		return got, nil
	}
	entries, err := m.Entries.ScorecardEntries(ctx, record.ScorecardQuery{From: end.Add(-window), To: end})
	if err != nil {
		return nil, err
	}
	out := map[string]partners.Measured{}
	for _, c := range Compute(entries, m.Options) {
		if n := c.Promises(); n >= least {
			out[c.Provider] = partners.Measured{Reliability: c.Reliability(), Promises: n}
		}
	}
	m.cached = map[time.Time]map[string]partners.Measured{end: out}
	return out, nil
}
