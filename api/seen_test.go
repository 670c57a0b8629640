package api

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSeenEventsIsBounded(t *testing.T) {
	s := newSeenEvents(3)
	for i := range 5 {
		known, _ := s.claim(fmt.Sprint(i))
		assert.False(t, known)
		s.done(fmt.Sprint(i))
	}
	assert.Len(t, s.state, 3)
	for _, k := range []string{"2", "3", "4"} {
		known, signalled := s.claim(k)
		assert.True(t, known && signalled, k)
	}
	known, _ := s.claim("0")
	assert.False(t, known, "the oldest is forgotten")

	known, signalled := s.claim("0")
	assert.True(t, known)
	assert.False(t, signalled, "in flight")
	s.release("0")
	known, _ = s.claim("0")
	assert.False(t, known, "released")
}
