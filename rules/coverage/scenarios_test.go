package coverage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scenario is the part of an acceptance scenario (scenarios/FORMAT.md) that
// coverage decides; testdata/scenarios holds copies of scenarios/coverage.
type scenario struct {
	Report json.RawMessage `json:"report"`
	Ops    *struct {
		Qualify *struct {
			After  string          `json:"after"`
			Origin contract.Origin `json:"origin"`
			Nature contract.Nature `json:"nature"`
		} `json:"qualify"`
	} `json:"ops"`
	Providers map[string]struct {
		Events []string `json:"events"`
	} `json:"providers"`
	Expect struct {
		Coverage                string    `json:"coverage"`
		Entitlements            *[]string `json:"entitlements"`
		ReplacementVehicleUntil string    `json:"replacement_vehicle_until"`
		TowDestination          string    `json:"tow_destination"`
	} `json:"expect"`
}

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/scenarios/*.json")
	require.NoError(t, err)
	require.Len(t, files, 7)
	cat := builtin(t)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			var sc scenario
			require.NoError(t, json.Unmarshal(mustRead(t, file), &sc))
			report, err := contract.ParseReport(sc.Report)
			require.NoError(t, err)
			q := rules.ProposeQualification(report)
			after := time.Duration(0)
			if sc.Ops != nil && sc.Ops.Qualify != nil {
				q.Origin, q.Nature = sc.Ops.Qualify.Origin, sc.Ops.Qualify.Nature
				after = offset(t, sc.Ops.Qualify.After)
			}
			p, err := cat.Lookup(report.Vehicle.Assistance.Program)
			require.NoError(t, err)
			in := Input{Report: report, Qualification: q, PriorCases: report.PriorCases}
			res := Evaluate(p, in)
			assert.Equal(t, sc.Expect.Coverage, res.Coverage, res.Reason)
			if sc.Expect.TowDestination != "" {
				assert.Equal(t, sc.Expect.TowDestination, res.TowTo)
			}
			tow := towOf(t, sc.Providers[report.Vehicle.Assistance.Provider].Events, report.BrokeDownAt().Add(after))
			ent := Entitlements(p, in, res, tow)
			t.Log(res.Reason, " / ", ent.Reason)
			if sc.Expect.Entitlements != nil {
				got := make([]string, len(ent.Offered))
				for i, s := range ent.Offered {
					got[i] = string(s)
				}
				assert.ElementsMatch(t, *sc.Expect.Entitlements, got)
			}
			if sc.Expect.ReplacementVehicleUntil != "" {
				assert.Equal(t, sc.Expect.ReplacementVehicleUntil, ent.ReplacementVehicleUntil)
			}
		})
	}
}

// towOf reads "towed +90m to=DEST repair=5d" from a provider's events, which
// follow the acceptance; the acceptance is taken as start (close enough: the
// tow happens the same day).
func towOf(t *testing.T, events []string, start time.Time) Tow {
	t.Helper()
	for _, e := range events {
		fields := strings.Fields(e)
		if len(fields) < 2 || fields[0] != "towed" {
			continue
		}
		tow := Tow{At: start.Add(offset(t, strings.TrimPrefix(fields[1], "+"))).UTC()}
		for _, f := range fields[2:] {
			if v, ok := strings.CutPrefix(f, "repair="); ok {
				n, err := strconv.Atoi(strings.TrimSuffix(v, "d"))
				require.NoError(t, err)
				tow.RepairDays = n
			}
		}
		return tow
	}
	return Tow{}
}

func offset(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	require.NoError(t, err, s)
	return d
}

// TestScenarioCopiesAreCurrent keeps testdata in step with the shared
// scenarios when they are at hand.
func TestScenarioCopiesAreCurrent(t *testing.T) {
	shared := "../../../shared/scenarios/coverage"
	if _, err := os.Stat(shared); err != nil {
		t.Skip("shared scenarios not at hand")
	}
	files, err := filepath.Glob(filepath.Join(shared, "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		assert.Equal(t, string(mustRead(t, f)), string(mustRead(t, filepath.Join("testdata/scenarios", filepath.Base(f)))), f)
	}
}
