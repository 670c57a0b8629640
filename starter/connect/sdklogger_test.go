package connect

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestKeyValuesBecomeFields(t *testing.T) {
	core, logs := observer.New(zap.DebugLevel)
	l := NewSDKLogger(zap.New(core))
	l.With("case", "breakdown-M-1").Info("dispatched", "provider", "byd-assistance", "attempt", 2, "error", errors.New("boom"), "odd")
	require.Equal(t, 1, logs.Len())
	e := logs.All()[0]
	assert.Equal(t, "dispatched", e.Message)
	m := e.ContextMap()
	assert.Equal(t, "breakdown-M-1", m["case"])
	assert.Equal(t, "byd-assistance", m["provider"])
	assert.EqualValues(t, 2, m["attempt"])
	assert.Equal(t, "boom", m["error"])
	assert.Equal(t, "odd", m["!BADKEY"])
}

func TestLevels(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	l := NewSDKLogger(zap.New(core))
	l.Debug("d")
	l.Info("i")
	l.Warn("w")
	l.Error("e")
	assert.Equal(t, 2, logs.Len())
}
