package coverage

import (
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/require"
)

// builtin loads the embedded programs once per test.
func builtin(t *testing.T) Catalog {
	t.Helper()
	c, err := Builtin()
	require.NoError(t, err)
	return c
}

// baseReport is a private BYD Seal, delivered 2025-06-01 with maintenance
// followed, broken down in Lyon on a public road, reported at once.
func baseReport() contract.Report {
	return contract.Report{
		MissionID: "M-1", ClientID: "C-1", ValetID: "V-1",
		At: "2026-03-10T08:15:00Z",
		Vehicle: contract.Vehicle{
			VIN: "LGXCE4CB0P0000001", Plate: "GA-101-BY", Make: "BYD", Model: "Seal",
			Energy: contract.EnergyElectric, Kind: contract.KindNew, WeightKg: 2150,
			Usage: contract.UsagePrivate, DeliveredOn: "2025-06-01", MaintenanceFollowed: true,
			RegistrationCountry: "FR",
			Assistance: &contract.VehicleAssistance{
				Type: contract.AssistanceManufacturer, Provider: "byd-assistance", Program: "byd-eu",
			},
		},
		Location:       contract.Location{Country: "FR", PublicRoad: true}.WithPosition(45.7578, 4.832),
		HomeDistanceKm: 20,
		Symptoms:       []string{"engine_stalled"},
	}
}

// input makes an evaluation input from a report changed by edit, qualified as
// a mechanical breakdown of the given nature. The report must stay valid.
func input(t *testing.T, nature contract.Nature, edit func(*contract.Report)) Input {
	t.Helper()
	r := baseReport()
	if edit != nil {
		edit(&r)
	}
	require.NoError(t, r.Validate())
	return Input{
		Report:        r,
		Qualification: contract.Qualification{Origin: contract.OriginMechanical, Nature: nature},
		PriorCases:    r.PriorCases,
	}
}

// day parses a YYYY-MM-DD date at the given hour, UTC.
func day(t *testing.T, date string, hour int) time.Time {
	t.Helper()
	d, err := time.Parse(contract.DateLayout, date)
	require.NoError(t, err)
	return d.Add(time.Duration(hour) * time.Hour)
}
