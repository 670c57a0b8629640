// Command simulator runs the assistance-provider simulator alone: the
// providers of the scenarios (scripted per mission) and the network model
// (every other mission), served at
// http://ADDR/providers/{provider}/..., with the client, ops, beneficiary and
// mission-system endpoints of the live demo and GET /stats. It runs until it
// receives SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/simulation/simulator"
	"github.com/valetops/assistance/testsuite/scenarios"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "host:port to listen on")
	dir := flag.String("scenarios", "", "directory of scenario files (*.json, sub-folders included) scripting their missions (default: the public scenarios, embedded)")
	netFile := flag.String("network", "", "network model file playing every unscripted mission (default: simulation/network/default.json, embedded; see docs/network.md)")
	seed := flag.Uint64("seed", 1, "seed of the network model's draws")
	scale := flag.Float64("scale", 1, "time scale: every offset, ETA and retry-after is divided by it (60 plays an hour in a minute)")
	keySpec := flag.String("webhook-keys", os.Getenv("ASSISTANCE_WEBHOOK_KEYS"),
		"the simulated parties' own webhook keys, PARTY=KEYID:SECRET;… (the last key of a party signs; default $ASSISTANCE_WEBHOOK_KEYS)")
	keyFile := flag.String("webhook-keys-file", os.Getenv("ASSISTANCE_WEBHOOK_KEYS_FILE"),
		"a file of webhook keys, one PARTY=KEYID:SECRET per line, instead of -webhook-keys (default $ASSISTANCE_WEBHOOK_KEYS_FILE)")
	opsSecret := flag.String("ops-alerts-secret", os.Getenv("ASSISTANCE_OPS_ALERTS_SECRET"),
		"secret the ops alerts are checked with; unsigned alerts are refused 401 (default $ASSISTANCE_OPS_ALERTS_SECRET; empty: not checked)")
	drop := flag.Bool("drop-unreachable", false, "an unreachable provider drops the connection instead of answering 503")
	noticesSecret := flag.String("client-notices-secret", os.Getenv("ASSISTANCE_CLIENT_NOTICES_SECRET"),
		"the client's webhook secret: notices to /client/notices must be signed with it (empty: not checked)")
	ownerSecret := flag.String("owner-notices-secret", os.Getenv("ASSISTANCE_OWNER_NOTICES_SECRET"),
		"the owners' webhook secret: notices to /owner/notices must be signed with it (empty: not checked)")
	flag.Parse()

	keys, err := webhooksig.KeysFrom(*keySpec, *keyFile)
	if err == nil {
		cfg := simulator.Config{TimeScale: *scale, WebhookKeys: keys, ClientNoticesSecret: []byte(*noticesSecret),
			OpsAlertsSecret: []byte(*opsSecret), OwnerNoticesSecret: []byte(*ownerSecret), DropUnreachable: *drop}
		err = run(*addr, *dir, *netFile, *seed, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "simulator:", err)
		os.Exit(1)
	}
}

// run serves the simulator configured by cfg (its keys, secrets, scale and
// dropping), playing the scenarios of dir and the network model of netFile.
func run(addr, dir, netFile string, seed uint64, cfg simulator.Config) error {
	if cfg.TimeScale <= 0 {
		return fmt.Errorf("-scale must be positive, got %v", cfg.TimeScale)
	}
	scripted, err := scenarios.Load(dir)
	if err != nil {
		return err
	}
	model, err := network.LoadOrDefault(netFile)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg.Logger, cfg.Network = log, network.New(model, seed)
	sim := simulator.New(cfg)
	defer sim.Close()
	sim.Load(scripted)
	for _, s := range scripted {
		log.Info("scripted", "mission", s.Report.MissionID, "scenario", s.Name)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: addr, Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Printf("Provider simulator: http://%s/providers/{provider} (%d scripted missions, every other one played by the network model of %d providers; time scale %v)\n",
		addr, len(scripted), len(model.Providers), cfg.TimeScale)
	fmt.Printf("Webhook keys of %d parties: %v (a party without a key sends no webhook)\n", len(cfg.WebhookKeys), cfg.WebhookKeys.Parties())
	fmt.Println("Press Ctrl+C to stop.")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
