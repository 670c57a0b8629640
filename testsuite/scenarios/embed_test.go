package scenarios_test

import (
	"io/fs"
	"slices"
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

func TestNamedIsTheEmbeddedFile(t *testing.T) {
	all, err := scenarios.Builtin()
	require.NoError(t, err)
	for _, name := range []string{"p04_new_vehicle_manufacturer.json", "coverage/c01_hv_battery_limited.json"} {
		s, err := scenarios.Named(name)
		require.NoError(t, err, name)
		assert.Equal(t, "testsuite/scenarios/"+name, s.File)
		i := slices.IndexFunc(all, func(b *scenario.Scenario) bool { return b.File == s.File })
		require.GreaterOrEqual(t, i, 0, "%s is among the builtin scenarios", name)
		assert.Equal(t, all[i], s)
	}
	_, err = scenarios.Named("p99_none.json")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
