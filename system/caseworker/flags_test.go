package caseworker_test

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/system/caseworker"
)

// parse defines the worker's flags on a fresh set and parses args.
func parse(t *testing.T, args []string) *caseworker.Flags {
	t.Helper()
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f, err := caseworker.Define(fs)
	require.NoError(t, err)
	require.NoError(t, fs.Parse(args))
	return f
}

func TestWorkerFlagsPrintedAreTheFlagsParsed(t *testing.T) {
	want := caseworker.DefaultFlags()
	want.Config.UseSimulator("http://sim.test:9000", "http://api.test:9001")
	want.Config.TaskQueue = "cases-eu"
	want.Config.WebUIURL = "" // no Web UI: the alerts carry no link
	want.Config.ClientNoticesSecret = []byte("notices-secret")
	want.Config.OpsAlertsSecret = []byte("alerts-secret")
	want.Config.Scale = 200
	want.Config.Windows.SaturationWindow = 45 * time.Minute
	want.Config.Windows.ProviderOfferWindows = map[string]time.Duration{"byd-assistance": 3 * time.Minute}
	want.Config.OfferWindowByClient = map[string]time.Duration{"C-LEASECO": 2 * time.Minute, "C-DEALER": 4 * time.Minute}
	want.Config.OpsWindowByClient = map[string]time.Duration{"C-LEASECO": 4 * time.Hour}
	want.Config.LanguageByClient = map[string]string{"C-UK": "en"}
	want.Config.WarrantyByClient = map[string]activities.WarrantyWindows{"C-DEALER": {Diagnosis: 72 * time.Hour, Decision: 24 * time.Hour}}
	want.Config.Clients = map[string]providers.ClientWebhook{"C-LEASECO": {URL: "https://leaseco.example/notices", Secret: []byte("s3cret")}}
	want.Config.ReliabilityWindow, want.Config.ReliabilityMinPromises = 7*24*time.Hour, 5
	want.WorkflowCache = 50
	want.Deployment.BuildID = "build-b"
	want.LinkKeys = "new=0123456789abcdef0,old=fedcba9876543210f"

	args := want.Args()
	got := parse(t, args)

	assert.Contains(t, args, "-web-ui-url=", "an empty value that is not the default is printed")
	assert.Contains(t, args, "-client-offer-window=C-DEALER=4m0s")
	assert.NotContains(t, strings.Join(args, " "), "-qualification-window", "a default window is left out")
	require.NotNil(t, got.Config.LinkKeys)
	assert.Equal(t, "new", got.Config.LinkKeys.SigningKeyID())
	want.Config.LinkKeys, got.Config.LinkKeys = nil, nil
	assert.Equal(t, want, got)
}

func TestDefaultWorkerFlagsPrintNothing(t *testing.T) {
	assert.Empty(t, caseworker.DefaultFlags().Args())
	assert.Equal(t, caseworker.DefaultFlags(), parse(t, nil))
}

func TestWorkerFlagsRefuseBadValuesNamingThem(t *testing.T) {
	for args, want := range map[string]string{
		"-scale=0":                         "-scale: expected a positive number",
		"-offer-window=soon":               "-offer-window: expected a duration",
		"-client-ops-window=C-LEASECO":     "-client-ops-window: expected CLIENT=DURATION",
		"-provider-offer-window=x=-3m":     "-provider-offer-window: expected PROVIDER=DURATION",
		"-client-warranty=C-DEALER=72h":    "-client-warranty: expected CLIENT=DIAGNOSIS/DECISION",
		"-client-language=C-UK=de":         "-client-language: expected CLIENT=fr|en",
		"-client-webhook=C-LEASECO=https:": "-client-webhook: expected CLIENT=URL,SECRET",
		"-link-keys=k1":                    "-link-keys",
	} {
		fs := flag.NewFlagSet("worker", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		_, err := caseworker.Define(fs)
		require.NoError(t, err)
		err = fs.Parse([]string{args})
		if assert.Error(t, err, args) {
			assert.Contains(t, err.Error(), want, args)
		}
	}
}

func TestWorkerFlagsTakeTheirEnvironment(t *testing.T) {
	t.Setenv("ASSISTANCE_PROVIDERS_URL", "https://providers.example/{provider}")
	t.Setenv("ASSISTANCE_BUILD_ID", "2026-11-30")
	f := parse(t, nil)
	assert.Equal(t, "https://providers.example/{provider}", f.Config.ProvidersURL)
	assert.Equal(t, "2026-11-30", f.Deployment.BuildID)
	assert.Equal(t, "https://other.example/{provider}", parse(t, []string{"-providers-url", "https://other.example/{provider}"}).Config.ProvidersURL,
		"a flag overrides its environment variable")

	t.Setenv("ASSISTANCE_LINK_KEYS", "k1")
	_, err := caseworker.Define(flag.NewFlagSet("worker", flag.ContinueOnError))
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "ASSISTANCE_LINK_KEYS")
	}
}
