package whatif

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/simulation/network"
)

// envInt is the environment variable's integer, or def.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, name)
	return n
}

// TestBacktest: three days played with the network kept aside
// (testdata/aside.json) and recorded, the network fitted from their record
// starting from the default one, the fourth day predicted with it and played
// with the network kept aside: report → on site p90 within 15 %, and the ETA
// breaches nearer than the unfitted default's prediction. BACKTEST_DAYS and BACKTEST_CASES
// change the size (docs/whatif.md gives the figures of a bigger run).
func TestBacktest(t *testing.T) {
	if testing.Short() {
		t.Skip("plays five days")
	}
	truth, err := network.Load("testdata/aside.json")
	require.NoError(t, err)
	base, err := network.Default()
	require.NoError(t, err)
	st, err := record.Open(context.Background(), record.SQLiteURL(t.TempDir()), record.Options{Keys: testKeys(t)})
	require.NoError(t, err)
	defer func() { _ = st.Close() }()
	day := testDay(t, envInt(t, "BACKTEST_CASES", 500), nil)
	day.Curve, day.Seed = NormalDay, uint64(envInt(t, "BACKTEST_SEED", 7))
	b := Backtest{Day: day, Truth: truth, Base: base, Days: envInt(t, "BACKTEST_DAYS", 3), Records: st}
	res, err := b.Run(context.Background(), func(s string) { t.Log(s) })
	require.NoError(t, err)
	var out bytes.Buffer
	res.Text(&out)
	t.Log("\n" + out.String())
	for _, c := range res.Changes {
		t.Logf("%s %s: %s → %s (%d)", c.Provider, c.Parameter, c.Base, c.Fitted, c.N)
	}
	compared := res.Compared()
	p90, breaches := compared[1], compared[3]
	assert.LessOrEqual(t, Error(p90.Predicted, p90.Actual), 0.15, "report → on site p90, predicted within 15 %%")
	assert.Less(t, Error(breaches.Predicted, breaches.Actual), Error(breaches.Unfitted, breaches.Actual),
		"the network kept aside breaks more promises than the default: the fitted network predicts the breaches better")
}
