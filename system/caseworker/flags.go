package caseworker

import (
	"flag"
	"fmt"
	"os"
	"reflect"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/valetops/assistance/record"
)

// Flags is the case worker's configuration as command-line flags, in one
// home: the worker command and the benchmark's worker process define them
// (Define), and what starts a worker process (the stack, for the benchmark
// and the fault tests) prints them back (Args). A flag with an environment
// variable takes it as its default.
type Flags struct {
	// Config is where the worker's outside world is, and the case's windows.
	Config Config
	// Deployment is the Worker Deployment Version the worker polls as.
	Deployment Deployment
	// WorkflowCache is how many cases stay in memory between their workflow
	// tasks (SetWorkflowCache).
	WorkflowCache int
	// LinkKeys is the text of -link-keys ("id=secret,…"); Config.LinkKeys is
	// the keyring it gives.
	LinkKeys string
}

// The development layout, as `go run ./cmd/assistance` starts it: the
// provider simulator and our API on these base URLs, the Web UI on WebUIURL.
const (
	DefaultSimulatorURL = "http://127.0.0.1:8090"
	DefaultAPIURL       = "http://127.0.0.1:8080"
	DefaultWebUIURL     = "http://127.0.0.1:8233"
	// DefaultRecords is the record store `go run ./cmd/assistance` keeps in
	// its data directory: a worker run beside it writes to it too.
	DefaultRecords = record.DefaultURL
)

// UseSimulator points the worker at the provider simulator served at simURL
// (providers, client notices, ops alerts, the beneficiary's offers, the
// mission system) and at our API served at apiURL (providers' webhooks, the
// case's pages): the paths the simulator and the API serve, written once.
func (c *Config) UseSimulator(simURL, apiURL string) {
	c.ProvidersURL = simURL + "/providers/{provider}"
	c.ClientNoticesURL = simURL + "/client/notices"
	c.OpsAlertsURL = simURL + "/ops/alerts"
	c.OffersURL = simURL + "/beneficiary/offers"
	c.ValetNoticesURL = simURL + "/valet/notices"
	c.MissionsURL = simURL + "/missions/updates"
	c.OwnerNoticesURL = simURL + "/owner/notices"
	c.CallbackURL = apiURL + "/v1/providers/{provider}/events"
	c.PagesURL = apiURL
}

// DefaultFlags is the configuration when no flag and no environment variable
// is set: the development layout, the default windows, unscaled.
func DefaultFlags() *Flags {
	f := &Flags{WorkflowCache: DefaultWorkflowCache}
	f.Config.TaskQueue = contract.TaskQueue
	f.Config.UseSimulator(DefaultSimulatorURL, DefaultAPIURL)
	f.Config.WebUIURL = DefaultWebUIURL
	f.Config.Records = DefaultRecords
	f.Config.Scale = 1
	f.Config.Windows = rules.DefaultSettings()
	f.Deployment.Name = DefaultDeploymentName
	return f
}

// Define declares the worker's flags on fs and returns the configuration they
// fill. An environment variable that holds a bad value is an error naming it.
func Define(fs *flag.FlagSet) (*Flags, error) {
	f := DefaultFlags()
	for _, o := range options {
		v := o.value(f)
		if o.env != "" {
			if s := os.Getenv(o.env); s != "" {
				if err := v.Set(s); err != nil {
					return nil, fmt.Errorf("%s: %w", o.env, err)
				}
			}
		}
		fs.Var(v, o.name, o.help)
	}
	return f, nil
}

// Args are the flags that give a worker process this configuration: those
// that differ from DefaultFlags, each as -name=value (a repeatable flag once
// per entry). Zero windows or an empty task queue mean the defaults.
func (f *Flags) Args() []string {
	g := *f
	if g.Config.TaskQueue == "" {
		g.Config.TaskQueue = contract.TaskQueue
	}
	g.Config.Windows = windowsOrDefault(g.Config.Windows)
	if g.Config.Scale == 0 {
		g.Config.Scale = 1
	}
	defaults := DefaultFlags()
	var args []string
	for _, o := range options {
		v, d := o.value(&g), o.value(defaults)
		if r, ok := v.(repeated); ok {
			for _, e := range r.entries() {
				args = append(args, "-"+o.name+"="+e)
			}
			continue
		}
		if v.String() != d.String() {
			args = append(args, "-"+o.name+"="+v.String())
		}
	}
	return args
}

// windowsOrDefault is s, or the default windows when none is set.
func windowsOrDefault(s rules.Settings) rules.Settings {
	if reflect.DeepEqual(s, rules.Settings{}) {
		return rules.DefaultSettings()
	}
	return s
}
