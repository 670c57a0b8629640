package caseworker

import (
	"context"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fixedRecords []contract.PriorCase

func (f fixedRecords) PriorCases(context.Context, string, time.Time) ([]contract.PriorCase, error) {
	return f, nil
}

// TestRecordsCountACaseInBothStoresOnce: the record store's cases, and those
// only Temporal's visibility still has (closed before the store held them),
// each once.
func TestRecordsCountACaseInBothStoresOnce(t *testing.T) {
	jan := contract.PriorCase{At: "2026-01-14T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, Origin: contract.OriginMechanical,
		Handler: contract.HandlerManufacturer, CaseID: "breakdown-M-1/run-a"}
	feb := contract.PriorCase{At: "2026-02-01T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, CaseID: "breakdown-M-2/run-a"}
	visibleJan := jan
	visibleJan.At = "2026-01-14T07:41:02Z" // visibility's start time, a little after the breakdown
	r := Records{Store: fixedRecords{jan}, Visibility: fixedRecords{visibleJan, feb}}
	got, err := r.PriorCases(context.Background(), "LGXCE4CB0P0000001", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, []contract.PriorCase{jan, feb}, got)

	got, err = Records{Visibility: fixedRecords{feb}}.PriorCases(context.Background(), "LGXCE4CB0P0000001", time.Now())
	require.NoError(t, err)
	assert.Equal(t, []contract.PriorCase{feb}, got, "without a store, visibility alone")
}
