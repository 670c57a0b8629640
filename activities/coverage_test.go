package activities

import (
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
)

// TestMergePriorCasesCountsACaseOnce: a case the caller gave and our records
// hold counts once — matched by case ID when both have one, else by instant
// (whatever its zone) and nature — and takes from the record what the
// caller's copy does not say.
func TestMergePriorCasesCountsACaseOnce(t *testing.T) {
	given := []contract.PriorCase{
		{At: "2026-01-14T08:40:00+01:00", Nature: contract.NatureHVBatteryDischarged},
		{At: "2026-02-01T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, CaseID: "breakdown-M-2/run-a"},
		{At: "2026-02-10T07:40:00Z", Nature: contract.NatureBattery12V},
	}
	records := []contract.PriorCase{
		{At: "2026-01-14T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, Origin: contract.OriginValetError,
			Handler: contract.HandlerOperatorPartner, CaseID: "breakdown-M-1/run-a"},
		{At: "2026-02-01T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, CaseID: "breakdown-M-2/run-a",
			Origin: contract.OriginMechanical, Handler: contract.HandlerManufacturer},
		{At: "2026-02-01T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, CaseID: "breakdown-M-3/run-b"},
		{At: "2026-02-10T07:40:00Z", Nature: contract.NatureEngine, CaseID: "breakdown-M-4/run-a"},
	}
	got := mergePriorCases(append([]contract.PriorCase{}, given...), records)
	assert.Equal(t, []contract.PriorCase{
		{At: "2026-01-14T08:40:00+01:00", Nature: contract.NatureHVBatteryDischarged, Origin: contract.OriginValetError,
			Handler: contract.HandlerOperatorPartner, CaseID: "breakdown-M-1/run-a"},
		{At: "2026-02-01T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, CaseID: "breakdown-M-2/run-a",
			Origin: contract.OriginMechanical, Handler: contract.HandlerManufacturer},
		{At: "2026-02-10T07:40:00Z", Nature: contract.NatureBattery12V},
		{At: "2026-02-01T07:40:00Z", Nature: contract.NatureHVBatteryDischarged, CaseID: "breakdown-M-3/run-b"},
		{At: "2026-02-10T07:40:00Z", Nature: contract.NatureEngine, CaseID: "breakdown-M-4/run-a"},
	}, got)
}
