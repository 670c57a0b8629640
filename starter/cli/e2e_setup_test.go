package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/simulation/simulator"
	"github.com/valetops/assistance/starter/cli"
	"github.com/valetops/assistance/starter/connect"
	"github.com/valetops/assistance/system/caseworker"
	"github.com/valetops/assistance/system/devserver"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// scale divides the simulator's delays and the case's windows alike: the
// p06 case (a 40 min ETA, a tow 90 min later) plays in about ten seconds.
const scale = 600

// system is the real thing around the CLI: an embedded Temporal server, the
// provider simulator, our webhook API and a case worker.
type system struct {
	address, namespace, keyFile string
	sim                         *simulator.Simulator
}

// systemPlaying starts the system for one test with the public scenario of
// file name (embedded, package testsuite/scenarios) scripting its parties, and
// returns both; skipped under -short.
func systemPlaying(t *testing.T, name string) (*system, *scenario.Scenario) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	sc, err := scenarios.Named(name)
	require.NoError(t, err)
	return startSystem(t, sc), sc
}

// startSystem starts the system for one test; everything stops at its end.
func startSystem(t *testing.T, scenarios ...*scenario.Scenario) *system {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv, err := devserver.Start(ctx, devserver.Config{DataDir: t.TempDir(), FrontendAddr: "127.0.0.1:0",
		SearchAttributes: devserver.CaseSearchAttributes})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Stop() })

	log := zap.Must(zap.NewDevelopment(zap.IncreaseLevel(zap.ErrorLevel)))
	opts := client.Options{HostPort: srv.FrontendAddr(), Namespace: srv.Namespace(), Logger: connect.NewSDKLogger(log)}
	encryption.Configure(&opts, srv.Keys())
	c, err := client.DialContext(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(c.Close)

	secret := []byte("cli-e2e-secret")
	var parties []string
	for _, s := range scenarios {
		for p := range s.Providers {
			parties = append(parties, p)
		}
	}
	keys, err := webhooksig.Generate("k1", parties...)
	require.NoError(t, err)
	sim := simulator.New(simulator.Config{
		TimeScale:       scale,
		WebhookKeys:     keys,
		OpsAlertsSecret: secret,
		WebhookBackoff:  50 * time.Millisecond,
	})
	sim.Load(scenarios)
	sims := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { sims.Close(); sim.Close() })
	ours := httptest.NewServer(api.New(api.Config{Signaler: c, Keys: keys}).Handler())
	t.Cleanup(ours.Close)

	cfg := caseworker.Config{
		Namespace:       srv.Namespace(),
		OpsAlertsSecret: secret,
		WebUIURL:        caseworker.DefaultWebUIURL,
		Scale:           scale,
	}
	cfg.UseSimulator(sims.URL, ours.URL)
	acts, err := caseworker.Activities(c, cfg)
	require.NoError(t, err)
	// Every window is scaled but the qualification window (1 s at this scale),
	// which would close before ops could answer from a loaded machine. A case
	// stops waiting as soon as ops qualify, so a long window costs no time.
	settings := rules.DefaultSettings().Scaled(scale)
	settings.QualificationWindow = time.Minute
	// The same for the ops window: a case waiting for ops stops waiting as
	// soon as they resolve its alert.
	settings.OpsWindow = 2 * time.Minute
	acts.Settings = activities.FixedSettings{Default: settings}
	w := caseworker.New(c, "", acts, worker.Options{})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	return &system{address: srv.FrontendAddr(), namespace: srv.Namespace(), keyFile: srv.KeyFile(), sim: sim}
}

// result is what one run of the CLI gave.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs the command line against the system, as `starter ARGS...`.
func (s *system) cli(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	args = append(args, "-address", s.address, "-namespace", s.namespace, "-payload-keys", s.keyFile)
	code := cli.Run(ctx, args, nil, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// ok runs the command line and requires it to succeed.
func (s *system) ok(t *testing.T, args ...string) string {
	t.Helper()
	r := s.cli(t, args...)
	require.Equal(t, cli.ExitOK, r.code, "starter %v: %s", args, r.stderr)
	return r.stdout
}

// jsonOf runs the command line and decodes what it printed.
func jsonOf[T any](t *testing.T, s *system, args ...string) T {
	t.Helper()
	var v T
	out := s.ok(t, args...)
	require.NoError(t, json.Unmarshal([]byte(out), &v), out)
	return v
}

// reportFile writes the report of the public scenario of file name to a
// temporary file, changed by edit if not nil.
func reportFile(t *testing.T, name string, edit func(map[string]any)) string {
	t.Helper()
	data, err := scenarios.ReadFile(name)
	require.NoError(t, err)
	var doc struct {
		Report map[string]any `json:"report"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	if edit != nil {
		edit(doc.Report)
	}
	out, err := json.MarshalIndent(doc.Report, "", "  ")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "report.json")
	require.NoError(t, os.WriteFile(path, out, 0o600))
	return path
}
