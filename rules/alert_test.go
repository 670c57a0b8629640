package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOpsWindowIsScaled(t *testing.T) {
	s := DefaultSettings()
	assert.Equal(t, "2h0m0s", s.OpsWindow.String())
	assert.Equal(t, "30m0s", s.OpsReminderEvery.String())
	scaled := s.Scaled(200)
	assert.Equal(t, "36s", scaled.OpsWindow.String())
	assert.Equal(t, "9s", scaled.OpsReminderEvery.String())
}
