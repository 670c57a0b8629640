package api

import "sync"

// seenEvents is a bounded set of the event ids recently signalled. An id is
// claimed while its signal is in flight, kept once signalled (the oldest are
// forgotten first), and released if the signal failed, so the provider's retry
// goes through.
type seenEvents struct {
	mu       sync.Mutex
	capacity int
	ring     []string
	next     int
	state    map[string]bool // false: in flight, true: signalled
}

func newSeenEvents(capacity int) *seenEvents {
	return &seenEvents{capacity: capacity, ring: make([]string, 0, capacity), state: map[string]bool{}}
}

// claim marks key in flight. It returns known=true when key is already there,
// with signalled telling whether its signal went through.
func (s *seenEvents) claim(key string) (known, signalled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if done, ok := s.state[key]; ok {
		return true, done
	}
	s.state[key] = false
	return false, false
}

// done keeps key as signalled, forgetting the oldest key beyond the capacity.
func (s *seenEvents) done(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[key] = true
	if len(s.ring) < s.capacity {
		s.ring = append(s.ring, key)
		return
	}
	delete(s.state, s.ring[s.next])
	s.ring[s.next] = key
	s.next = (s.next + 1) % s.capacity
}

// release forgets a key whose signal failed.
func (s *seenEvents) release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.state[key] {
		delete(s.state, key)
	}
}
