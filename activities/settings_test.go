package activities

import (
	"context"
	"testing"
	"time"

	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAClientsOwnSaturationWindow(t *testing.T) {
	a := &Activities{Settings: FixedSettings{
		Default:            rules.DefaultSettings(),
		SaturationByClient: map[string]time.Duration{"C-LEASECO": 45 * time.Minute},
	}}
	s, err := a.LoadSettings(context.Background(), "C-LEASECO")
	require.NoError(t, err)
	assert.Equal(t, 45*time.Minute, s.SaturationWindow)
	assert.Equal(t, 10*time.Minute, s.QualificationWindow, "the other windows are the defaults")
	s, err = a.LoadSettings(context.Background(), "C-DEALER")
	require.NoError(t, err)
	assert.Equal(t, 30*time.Minute, s.SaturationWindow)
}

func TestAClientsOwnWarrantyWindows(t *testing.T) {
	a := &Activities{Settings: FixedSettings{
		Default:          rules.DefaultSettings(),
		WarrantyByClient: map[string]WarrantyWindows{"C-DEALER": {Diagnosis: 72 * time.Hour}},
	}}
	s, err := a.LoadSettings(context.Background(), "C-DEALER")
	require.NoError(t, err)
	assert.Equal(t, 72*time.Hour, s.WarrantyDiagnosisWindow)
	assert.Equal(t, 24*time.Hour, s.WarrantyDecisionWindow, "a zero window keeps the default")
	s, err = a.LoadSettings(context.Background(), "C-LEASECO")
	require.NoError(t, err)
	assert.Equal(t, 48*time.Hour, s.WarrantyDiagnosisWindow)
}

func TestAClientsOwnOpsWindow(t *testing.T) {
	a := &Activities{Settings: FixedSettings{
		Default:           rules.DefaultSettings(),
		OpsWindowByClient: map[string]time.Duration{"C-LEASECO": 4 * time.Hour},
	}}
	s, err := a.LoadSettings(context.Background(), "C-LEASECO")
	require.NoError(t, err)
	assert.Equal(t, 4*time.Hour, s.OpsWindow)
	s, err = a.LoadSettings(context.Background(), "C-DEALER")
	require.NoError(t, err)
	assert.Equal(t, 2*time.Hour, s.OpsWindow, "the default")
}
