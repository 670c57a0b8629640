// Command assistance runs the whole system on its embedded default, with
// nothing downloaded at run time: a real Temporal server persisting to a SQLite
// file, the Temporal Web UI with its codec server, the provider simulator, our
// webhook API and the case worker; then it plays the public scenarios live so
// the Web UI shows cases moving through their stages. The scenarios and the
// network model that plays every other case's providers are embedded: it runs
// from any directory. Every payload is encrypted (docs/privacy.md): the keys
// come from ASSISTANCE_PAYLOAD_KEYS or ASSISTANCE_PAYLOAD_KEY_FILE, else from
// data/payload-keys, created on first start; the Web UI decodes through the
// codec server.
//
//	go run ./cmd/assistance            # data in ./data, UI on http://127.0.0.1:8233
//	go run ./cmd/assistance -demo=false   # no demo; report your own cases (examples/reports)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.uber.org/zap"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/scenarios"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "assistance:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg := stack.Config{}
	flag.StringVar(&cfg.DataDir, "data", "data", "directory of the Temporal server's SQLite file and of the case records' (kept across restarts)")
	flag.StringVar(&cfg.FrontendAddr, "frontend", "127.0.0.1:7233", "Temporal frontend (gRPC) address")
	flag.StringVar(&cfg.UIAddr, "ui", "127.0.0.1:8233", "Temporal Web UI address")
	flag.StringVar(&cfg.APIAddr, "api", "127.0.0.1:8080", "our webhook API address")
	flag.StringVar(&cfg.SimAddr, "simulator", "127.0.0.1:8090", "provider simulator address")
	flag.StringVar(&cfg.CodecAddr, "codec", "127.0.0.1:8081", "codec server address (the Web UI decodes payloads through it)")
	flag.Float64Var(&cfg.Scale, "scale", 150, "time scale of the cases and the simulator: 150 plays the scenarios' hours in about a minute")
	dir := flag.String("scenarios", "", "directory of scenario files that script the simulator and the demo (default: the public scenarios embedded in the binary)")
	netFile := flag.String("network", "", "the network model file playing every unscripted case's providers (default: simulation/network/default.json, embedded; see docs/network.md)")
	seed := flag.Uint64("seed", 1, "seed of the network model's draws")
	play := flag.Bool("demo", true, "play the scenarios live once everything is up")
	flag.Parse()

	all, err := scenarios.Load(*dir)
	if err != nil {
		return err
	}
	model, err := network.LoadOrDefault(*netFile)
	if err != nil {
		return err
	}
	keys, keySource, err := encryption.FromEnv()
	if err != nil {
		return err
	}
	cfg.Keys = keys
	cfg.Scenarios = all
	cfg.Network = network.New(model, *seed)
	cfg.Logger = consoleLogger()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Println("Starting the embedded Temporal server (SQLite in", cfg.DataDir+"), the Web UI, the simulator, the API and the worker...")
	st, err := stack.Start(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Stop()
	fmt.Printf(`
  Temporal Web UI   http://%s   (namespace %s; filter with e.g. CaseStage="awaiting_approval")
  Temporal frontend %s           (go run ./cmd/starter -address %s list; plain gRPC without authorization, for this machine only: docs/security.md)
  Webhook API       %s/v1/providers/{provider}/events
  Simulator         %s/providers/{provider}   stats: %s/stats   client notices: %s/client/notices
  Time scale        ×%v
`, st.Server.UIAddr(), st.Server.Namespace(), st.Server.FrontendAddr(), st.Server.FrontendAddr(), st.APIURL, st.SimURL, st.SimURL, st.SimURL, cfg.Scale)

	switch {
	case keySource != "":
		fmt.Printf("  Payload keys      from %s (newest %s)\n", keySource, keys.Newest())
	case st.Server.KeyFileCreated():
		fmt.Printf("  Payload keys      %s — created now: keep it, the cases in %s cannot be read without it\n", st.Server.KeyFile(), cfg.DataDir)
	default:
		fmt.Printf("  Payload keys      %s (newest %s)\n", st.Server.KeyFile(), st.Server.Keys().Newest())
	}
	fmt.Printf(`  Codec server      %s   (the Web UI decodes payloads through it; temporal CLI: --codec-endpoint %s)
  Case records      %s   (every closed case, kept 5 years; docs/records.md)
`, st.Server.CodecURL(), st.Server.CodecURL(), st.Records.Where())
	printOpenCases(ctx, st, cfg.DataDir)
	fmt.Println()
	if *play {
		fmt.Printf("Playing %d scenarios live; open the Web UI to watch them wait for ops, for the client's approval, get dispatched and close.\n", len(all))
		started := time.Now()
		player := demo.Player{Cases: st.Cases, Scale: cfg.Scale}
		results := player.PlayAll(ctx, all, time.Second)
		passed := 0
		for _, r := range results {
			mismatches := r.Mismatches()
			switch {
			case r.Err != nil:
				fmt.Printf("  ✗ %-55s %v\n", r.Scenario.Name[:min(55, len(r.Scenario.Name))], r.Err)
			case len(mismatches) > 0:
				fmt.Printf("  ✗ %-55s %v\n", r.Scenario.Name[:min(55, len(r.Scenario.Name))], mismatches)
			default:
				passed++
				fmt.Printf("  ✓ %-55s mission %s\n", r.Scenario.Name[:min(55, len(r.Scenario.Name))], r.Outcome.Mission)
			}
		}
		stats := st.Simulator.Stats()
		stats.Network = nil // the demo's cases are all scripted
		fmt.Printf("%d/%d scenarios ended as expected in %s; simulator: %+v\n", passed, len(results), time.Since(started).Round(time.Second), stats)
	}
	fmt.Printf(`Report your own case (nothing scripted: the network model of %d providers plays them, docs/network.md):
  go run ./cmd/starter -address %s report examples/reports/3_lease_return.json
`, len(model.Providers), st.Server.FrontendAddr())
	fmt.Println("Everything keeps running; press Ctrl-C to stop (the data stays in", cfg.DataDir+").")
	<-ctx.Done()
	fmt.Println("Stopping...")
	return nil
}

// printOpenCases says how many cases are open in the data directory: this
// build replays them, as the embedded default runs one build at a time
// (docs/changing-workflows.md).
func printOpenCases(ctx context.Context, st *stack.Stack, dataDir string) {
	resp, err := st.Client.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{
		Query: "WorkflowType = '" + contract.WorkflowType + "' AND ExecutionStatus = 'Running'",
	})
	switch {
	case err != nil:
		fmt.Printf("  Open cases        unknown (%v)\n", err)
	case resp.GetCount() == 0:
		fmt.Printf("  Open cases        none in %s\n", dataDir)
	default:
		fmt.Printf("  Open cases        %d in %s, replayed by this build: after changing workflows/, let them finish\n"+
			"                    first (go run ./cmd/starter list -open) or start on a fresh -data directory\n", resp.GetCount(), dataDir)
	}
}

// consoleLogger prints the worker's warnings and errors as short console lines.
func consoleLogger() *zap.Logger {
	c := zap.NewDevelopmentConfig()
	c.Level = zap.NewAtomicLevelAt(zap.WarnLevel)
	c.DisableStacktrace = true
	c.DisableCaller = true
	return zap.Must(c.Build())
}
