package coverage

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract/strictjson"
)

func TestBuiltin(t *testing.T) {
	c, err := Builtin()
	require.NoError(t, err)
	assert.Len(t, c, 2)
	byd, err := c.Lookup("byd-eu")
	require.NoError(t, err)
	assert.Equal(t, "byd-eu", byd.ID)
	assert.Equal(t, 24, byd.Validity.Months)
	assert.Equal(t, 60, byd.Reporting.ToleranceMinutes)
	assert.Equal(t, 3500.0, byd.Weight.MaxKg)
	assert.Equal(t, 3, byd.AdditionalServices.ReplacementVehicle.WorkingDays)
	assert.Equal(t, 100.0, byd.AdditionalServices.Transfer.MaxEUR)
	_, err = c.Lookup("acme")
	assert.EqualError(t, err, `unknown assistance program "acme"; known: byd-eu, leaseco-care`)
}

// bydWith returns the BYD file with one replacement made.
func bydWith(t *testing.T, old, new string) string {
	t.Helper()
	data, err := os.ReadFile("programs/byd-eu.json")
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	return strings.Replace(string(data), old, new, 1)
}

func TestLoadDirRefusesMalformedFiles(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, field, reason string
	}{
		{"unknown field", `"max_kg": 3500`, `"max_kg": 3500, "max_tonnes": 3.5`, "weight.max_tonnes", "unknown field"},
		{"missing field", `"tolerance_minutes": 60`, `"minutes": 60`, "reporting.minutes", "unknown field"},
		{"missing required field", `"months": 24,`, ``, "validity.months", "is required"},
		{"wrong type", `"months": 24,`, `"months": "24",`, "validity.months", "must be a JSON integer"},
		{"unknown country code", `"AT", "BE"`, `"AT", "XX"`, "zone.countries[1]", `unknown country code "XX"`},
		{"lower-case country code", `"AT", "BE"`, `"AT", "be"`, "zone.countries[1]", `unknown country code "be"`},
		{"UK is not ISO", `"SE", "GB"`, `"SE", "UK"`, "zone.countries[35]", `unknown country code "UK"`},
		{"duplicate country", `"AT", "BE"`, `"AT", "AT"`, "zone.countries[1]", "listed twice"},
		{"area in a listed country needs bounds", `{ "name": "Greenland", "country": "GL" }`, `{ "name": "Lapland", "country": "FI" }`, "zone.excluded_areas[0].bounds", "is required"},
		{"inverted bounds", `"min_lat": 36.5`, `"min_lat": 41.5`, "zone.excluded_areas[2].bounds", "min_lat < max_lat"},
		{"negative cap", `"max_eur_per_person": 500`, `"max_eur_per_person": -500`, "additional_services.onward_travel.max_eur_per_person", "must not be negative"},
		{"negative tolerance", `"tolerance_minutes": 60`, `"tolerance_minutes": -1`, "reporting.tolerance_minutes", "must not be negative"},
		{"negative yearly limit", `"per_vin_per_calendar_year": 2`, `"per_vin_per_calendar_year": -2`, "events.limited[1].per_vin_per_calendar_year", "must not be negative"},
		{"zero nights", `"max_nights": 3`, `"max_nights": 0`, "additional_services.hotel.max_nights", "must be positive"},
		{"unknown service", `"services": ["phone_help", "on_site_repair", "tow"]`, `"services": ["phone_help", "on_site_repair", "winch"]`, "services[2]", `unknown service "winch"`},
		{"restricted service not in the program", `"restricted_services": ["on_site_repair", "tow"]`, `"restricted_services": ["on_site_repair", "hotel"]`, "usages.restricted_services[1]", `unknown service "hotel"`},
		{"unknown excluded nature", `"fuel_outage", "flat_tyre"`, `"fuel_outage", "flat_tire"`, "events.excluded[1]", `unknown nature "flat_tire"`},
		{"unknown limited nature", `{ "nature": "headlights" }`, `{ "nature": "headlamps" }`, "events.limited[2].nature", `unknown nature "headlamps"`},
		{"nature both excluded and limited", `{ "nature": "headlights" }`, `{ "nature": "wipers" }`, "events.limited[2].nature", "also in events.excluded"},
		{"unknown usage", `"excluded": ["passenger_transport"`, `"excluded": ["limousine"`, "usages.excluded[0]", `unknown usage "limousine"`},
		{"usage alias", `"excluded": ["passenger_transport"`, `"excluded": ["ride_hailing"`, "usages.excluded[0]", `write "passenger_transport"`},
		{"unknown condition", `"condition": "maintenance_followed",`, `"condition": "serviced",`, "validity.extensions[0].condition", `unknown condition "serviced"`},
		{"train class", `"train_class": 2`, `"train_class": 3`, "additional_services.onward_travel.train_class", "must be 1 or 2"},
		{"id differs from the file name", `"id": "byd-eu"`, `"id": "byd"`, "id", "must be the file name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"byd-eu.json":       {Data: []byte(bydWith(t, tc.old, tc.new))},
				"leaseco-care.json": {Data: mustRead(t, "programs/leaseco-care.json")},
			}
			_, err := LoadDir(fsys)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "byd-eu.json: "), err.Error())
			assert.Contains(t, err.Error(), tc.field+": ")
			assert.Contains(t, err.Error(), tc.reason)
			assert.Equal(t, tc.field, strictjson.FirstField(err))
		})
	}
}

func TestLoadDirNotJSON(t *testing.T) {
	_, err := LoadDir(fstest.MapFS{"x.json": {Data: []byte(`{"id": `)}})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "x.json: not valid JSON"), err.Error())
}

func TestLoadDirSecondProgramNeedsNoCode(t *testing.T) {
	// A third program, written as data only, loads and evaluates.
	data := bydWith(t, `"id": "byd-eu"`, `"id": "acme-gold"`)
	c, err := LoadDir(fstest.MapFS{"acme-gold.json": {Data: []byte(data)}, "README.md": {Data: []byte("not a program")}})
	require.NoError(t, err)
	require.Contains(t, c, "acme-gold")
	assert.Equal(t, Covered, Evaluate(c["acme-gold"], input(t, contract.NatureEngine, nil)).Coverage)
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	return data
}
