package api

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/valetops/assistance/api/webhooksig"
)

// Stats counts what the webhooks received and refused, since the start
// (GET /stats; docs/security.md, "What is logged and counted").
type Stats struct {
	// Accepted is the events and warranty messages passed on.
	Accepted int64 `json:"accepted"`
	// Duplicates is the repeated events answered 200 and not passed on again.
	Duplicates int64 `json:"duplicates"`
	// UnknownParties is the requests in the name of a party without a key (401).
	UnknownParties int64 `json:"unknown_parties"`
	// BadSignatures is the requests with a missing, wrong or stale signature (401).
	BadSignatures int64 `json:"bad_signatures"`
	// TooLarge is the bodies over the size limit (413).
	TooLarge int64 `json:"too_large"`
	// SlowBodies is the bodies that did not arrive in time (408).
	SlowBodies int64 `json:"slow_bodies"`
	// Malformed is the bodies refused for a field (400).
	Malformed int64 `json:"malformed"`
	// RateLimited is the requests over their party's rate (429).
	RateLimited int64 `json:"rate_limited"`
	// Floods is the events refused over an assignment's or a case's bound
	// (409), never signalled.
	Floods int64 `json:"floods"`
	// FloodAlerts is the ops alerts sent about floods (one per assignment or case).
	FloodAlerts int64 `json:"flood_alerts"`
	// ForeignAssignments is the events refused for an assignment of another
	// provider (403).
	ForeignAssignments int64 `json:"foreign_assignments"`
}

// counters are the Stats, updated atomically.
type counters struct {
	accepted, duplicates, unknownParties, badSignatures, tooLarge, slowBodies, malformed,
	rateLimited, floods, floodAlerts, foreignAssignments atomic.Int64
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	c := &s.stats
	return Stats{
		Accepted: c.accepted.Load(), Duplicates: c.duplicates.Load(), UnknownParties: c.unknownParties.Load(),
		BadSignatures: c.badSignatures.Load(), TooLarge: c.tooLarge.Load(), SlowBodies: c.slowBodies.Load(),
		Malformed: c.malformed.Load(), RateLimited: c.rateLimited.Load(), Floods: c.floods.Load(),
		FloodAlerts: c.floodAlerts.Load(), ForeignAssignments: c.foreignAssignments.Load(),
	}
}

// authenticate reads a party's webhook and lets it through only when every
// check at the edge passes, in this order: the body arrives in time (408) and
// within its size (413); the party has keys (401); the signature over method,
// path, timestamp and body is one of the party's keys' (401); the party is
// within its rate (429, Retry-After). Otherwise it answers itself and returns
// false; no case is reached.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, party string) ([]byte, bool) {
	log := s.cfg.Logger.With("party", party, "path", r.URL.Path)
	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.stats.tooLarge.Add(1)
		log.Warn("webhook refused: body too large", "limit", tooLarge.Limit)
		writeJSON(w, http.StatusRequestEntityTooLarge, problem{Error: fmt.Sprintf("the body is larger than %d bytes", tooLarge.Limit)})
		return nil, false
	case errors.Is(err, os.ErrDeadlineExceeded):
		s.stats.slowBodies.Add(1)
		log.Warn("webhook refused: body too slow", "timeout", s.cfg.BodyTimeout)
		writeJSON(w, http.StatusRequestTimeout, problem{Error: fmt.Sprintf("the body did not arrive in full within %s", s.cfg.BodyTimeout)})
		return nil, false
	case err != nil:
		s.stats.malformed.Add(1)
		writeJSON(w, http.StatusBadRequest, problem{Error: "unreadable body: " + err.Error()})
		return nil, false
	}
	ring := s.cfg.Keys[party]
	if ring == nil {
		s.stats.unknownParties.Add(1)
		log.Warn("webhook refused: unknown party")
		writeJSON(w, http.StatusUnauthorized, problem{Error: fmt.Sprintf("unknown party %q: no key is configured for it", clip(party, 64))})
		return nil, false
	}
	keyID, err := webhooksig.VerifyRequest(ring, r.Method, r.URL.EscapedPath(), r.Header.Get(webhooksig.HeaderTimestamp),
		r.Header.Get(webhooksig.HeaderSignature), body, s.cfg.Now(), s.cfg.Window)
	if err != nil {
		s.stats.badSignatures.Add(1)
		log.Warn("webhook refused", "error", err)
		msg := err.Error()
		if errors.Is(err, webhooksig.ErrSignature) {
			msg += ": the HMAC-SHA256 of method, path, timestamp and body with one of " + party + "'s keys"
		}
		writeJSON(w, http.StatusUnauthorized, problem{Error: msg})
		return nil, false
	}
	if wait := s.limits.wait(party, s.cfg.Now()); wait > 0 {
		s.stats.rateLimited.Add(1)
		log.Warn("webhook refused: rate limit", "retry_after", wait)
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		w.Header().Set("X-Retry-After-Ms", strconv.FormatInt(max(1, wait.Milliseconds()), 10))
		writeJSON(w, http.StatusTooManyRequests, problem{Error: fmt.Sprintf(
			"%s sends more than %g requests per second (%d at once): retry after the delay", party, s.cfg.Rate, s.cfg.Burst)})
		return nil, false
	}
	log.Debug("webhook authenticated", "key", keyID)
	return body, true
}

// limiters hold a token bucket per party (parties with keys only: the map is
// bounded by the key rings).
type limiters struct {
	mu    sync.Mutex
	rate  rate.Limit
	burst int
	by    map[string]*rate.Limiter
}

func newLimiters(perSecond float64, burst int) *limiters {
	return &limiters{rate: rate.Limit(perSecond), burst: burst, by: map[string]*rate.Limiter{}}
}

// wait takes a token of party's bucket at now; when there is none it takes
// nothing and returns how long until there is one.
func (l *limiters) wait(party string, now time.Time) time.Duration {
	l.mu.Lock()
	lim, ok := l.by[party]
	if !ok {
		lim = rate.NewLimiter(l.rate, l.burst)
		l.by[party] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// bounded is a map that forgets its oldest key beyond its capacity. Not safe
// for concurrent use.
type bounded[V any] struct {
	capacity int
	ring     []string
	next     int
	m        map[string]V
}

func newBounded[V any](capacity int) *bounded[V] {
	return &bounded[V]{capacity: capacity, m: map[string]V{}}
}

func (b *bounded[V]) get(key string) (V, bool) {
	v, ok := b.m[key]
	return v, ok
}

func (b *bounded[V]) set(key string, v V) {
	if _, ok := b.m[key]; !ok {
		if len(b.ring) < b.capacity {
			b.ring = append(b.ring, key)
		} else {
			delete(b.m, b.ring[b.next])
			b.ring[b.next] = key
			b.next = (b.next + 1) % b.capacity
		}
	}
	b.m[key] = v
}

// clip shortens s to n bytes for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
