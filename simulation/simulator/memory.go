package simulator

import (
	"encoding/json"
	"net/http"
)

// stored is the first answer to an idempotency key, replayed for a repeat.
type stored struct {
	status int
	header http.Header
	body   []byte
	// assignment is the id of the assignment the answer accepted, if any.
	assignment string
}

// newStored keeps an answer.
func newStored(status int, v any, header http.Header, assignment string) *stored {
	body, _ := json.Marshal(v)
	return &stored{status: status, header: header, body: append(body, '\n'), assignment: assignment}
}

// write sends the answer; a replay is marked, and a 201 replays as 200.
func (a *stored) write(w http.ResponseWriter, replay bool) {
	for k, vs := range a.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json")
	status := a.status
	if replay {
		w.Header().Set("Idempotent-Replayed", "true")
		if status == http.StatusCreated {
			status = http.StatusOK
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(a.body)
}

// memKey scopes an idempotency key to one party (a provider, the mission system).
func memKey(party, key string) string { return party + "\x00" + key }

// lockUnanswered takes s.mu and counts the request. When party answered key
// before, it lets go of s.mu, writes that answer again (an Idempotency-Key
// replay) and returns false; otherwise it returns true with s.mu held.
func (s *Simulator) lockUnanswered(w http.ResponseWriter, party, key string) bool {
	s.mu.Lock()
	s.stats.Requests++
	if a := s.lookup(party, key); a != nil {
		s.mu.Unlock()
		a.write(w, true)
		return false
	}
	return true
}

// lookup returns the first answer to a key seen before, counting the repeat,
// or nil. Called with s.mu held.
func (s *Simulator) lookup(party, key string) *stored {
	a, ok := s.answers[memKey(party, key)]
	if !ok {
		return nil
	}
	s.stats.RepeatedRequests++
	return a
}
