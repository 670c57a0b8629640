package scenarios_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite/scenarios"
)

func TestBuiltinAreTheFolder(t *testing.T) {
	embedded, err := scenarios.Builtin()
	require.NoError(t, err)
	onDisk, err := scenario.LoadDir(".")
	require.NoError(t, err)
	require.Len(t, embedded, len(onDisk), "every file of the folder is embedded")
	for i := range onDisk {
		assert.Equal(t, onDisk[i].Name, embedded[i].Name)
		assert.Equal(t, onDisk[i].Report.MissionID, embedded[i].Report.MissionID)
	}
}
