package scorecard

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTextTable prints the hand-counted week: a column per provider, the
// targets beside their figures, the missed ones marked.
func TestTextTable(t *testing.T) {
	entries, err := handStore(t).ScorecardEntries(context.Background(), week)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, Text(&b, Period{From: week.From, To: week.To}, Compute(entries, Options{})))
	out := b.String()
	t.Log("\n" + out)
	for _, line := range []string{
		"provider scorecards, requests sent from 2026-03-02 to 2026-03-08 (UTC, both included)",
		"offers sent ",
		"≥ 95 % (Agero)",
		"5 (62 %) ✗", "4 (57 %) ✗",
		"  no_driver ", "  out_of_area ",
		"time to accept, p50 / p90 ", "1 min / 2 min", "1 min / 3 min",
		"2 (67 %) ✗", "2 (50 %) ✗",
		"  tow, request → on site, mean ", "52 min", "30 min",
		"reassigned ", "2 (40 %) ✗", "0 (0 %) ",
		"0.50 of 4",
	} {
		assert.Contains(t, out, line)
	}
}
