package whatif

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/record"
)

// testKeys is a payload key ring of one new key.
func testKeys(t *testing.T) *encryption.Keys {
	t.Helper()
	entry, err := encryption.NewEntry("k1")
	require.NoError(t, err)
	keys, err := encryption.ParseKeys(entry)
	require.NoError(t, err)
	return keys
}

// TestPlayedDaysLeaveARecord: two days played and recorded leave every case
// of both (the test environment numbers its runs alike every day: the case
// IDs stay apart), and every request to a provider as a scorecard entry.
func TestPlayedDaysLeaveARecord(t *testing.T) {
	st, err := record.Open(context.Background(), record.SQLiteURL(t.TempDir()), record.Options{Keys: testKeys(t)})
	require.NoError(t, err)
	defer func() { _ = st.Close() }()
	requests := 0
	for i := range 2 {
		d := testDay(t, 30, nil)
		d.Date, d.Seed = d.Date.AddDate(0, 0, i), d.Seed+uint64(i)
		res, _ := play(t, d)
		n, err := res.Record(context.Background(), st)
		require.NoError(t, err)
		assert.Equal(t, 30, n)
		for _, o := range res.Outcomes {
			requests += len(o.Scorecard)
		}
		n, err = res.Record(context.Background(), st)
		require.NoError(t, err)
		assert.Zero(t, n, "recorded once")
	}
	day := testDay(t, 1, nil).Date
	entries, err := st.ScorecardEntries(context.Background(), record.ScorecardQuery{From: day, To: day.Add(72 * time.Hour)})
	require.NoError(t, err)
	assert.Len(t, entries, requests)
	sum, err := st.Summary(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(60), sum.Cases)
}
