// Package caseworker assembles the worker of breakdown cases: the activities
// with their real dependencies (providers, warranty managers and repairers,
// notices and the mission system over HTTP, coverage and warranty programs,
// our records of earlier cases) and a Temporal worker polling the case task
// queue; the worker runs the case workflow and its warranty claims. The worker command and the all-in-one run
// command both build their worker here.
package caseworker

import (
	"fmt"
	"os"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/providers/scorecard"
	"github.com/valetops/assistance/record"
	"github.com/valetops/assistance/rules/coverage"
	"github.com/valetops/assistance/rules/partners"
	"github.com/valetops/assistance/rules/warranty"
	"github.com/valetops/assistance/workflows"
)

// Config says where the worker's outside world is.
type Config struct {
	Namespace string
	TaskQueue string
	// ProvidersURL is every provider's base URL, "{provider}" standing for its id.
	ProvidersURL string
	// CallbackURL is our webhook API, given to providers with each assignment.
	CallbackURL string
	// ClientNoticesURL, OpsAlertsURL, OffersURL and MissionsURL receive the
	// client's notices, ops alerts, the beneficiary's offers and mission updates.
	ClientNoticesURL string
	OpsAlertsURL     string
	OffersURL        string
	MissionsURL      string
	// ValetNoticesURL receives the valet's app notices (position link,
	// assistance dispatched, service ordered); empty: OffersURL.
	ValetNoticesURL string
	// PartnersFile is the operator's partners (package partners); empty: the
	// built-in network.
	PartnersFile string
	// ClientNoticesSecret signs the notices posted to ClientNoticesURL; Clients
	// are the clients with a webhook of their own (URL and secret).
	ClientNoticesSecret []byte
	Clients             map[string]providers.ClientWebhook
	// PagesURL is where our API's pages are reached from outside; LinkKeys sign
	// the links to them. Without keys the cases hand out no links.
	PagesURL string
	LinkKeys *links.Keyring
	// ProgramsDir holds coverage program files; empty: the built-in programs.
	ProgramsDir string
	// Windows are the windows of a case; zero: rules.DefaultSettings().
	Windows rules.Settings
	// Scale divides every window of a case (a live demo plays hours in minutes).
	Scale float64
	// SaturationByClient sets a client's own saturation window.
	SaturationByClient map[string]time.Duration
	// OfferWindowByClient sets a client's own offer window.
	OfferWindowByClient map[string]time.Duration
	// WarrantyByClient sets a client's own warranty windows (diagnosis, decision).
	WarrantyByClient map[string]activities.WarrantyWindows
	// OpsWindowByClient sets how long a client's cases wait for ops.
	OpsWindowByClient map[string]time.Duration
	// LanguageByClient sets a client's language for its notices (fr, the
	// default, or en).
	LanguageByClient map[string]string
	// OpsAlertsSecret signs the ops alerts (api/webhooksig); WebUIURL is the
	// Temporal Web UI each alert links its case to.
	OpsAlertsSecret []byte
	WebUIURL        string
	// HTTPTimeout bounds each call to a provider or a notice endpoint.
	HTTPTimeout time.Duration
	// OwnerNoticesURL receives the report notices of a vehicle's owner or
	// lessor not in Owners, signed with OwnerNoticesSecret; Owners are the
	// owners with a webhook of their own.
	OwnerNoticesURL    string
	OwnerNoticesSecret []byte
	Owners             map[string]providers.ClientWebhook
	// Records is the record store's URL (sqlite:PATH or postgres://…; -records),
	// opened by the command that runs the worker (OpenRecords); empty: no record kept.
	Records string
	// RecordStore is the open record store the worker writes each closed case
	// to, counts a vehicle's earlier cases from and measures the operator's
	// partners from; nil: none (the closed cases Temporal still has are
	// counted from visibility alone, partners rank by the network file).
	RecordStore *record.Store
	// ReliabilityWindow and ReliabilityMinPromises: a partner's reliability
	// for its ranking is measured from its record over the window, when it
	// holds that many promises (zero: scorecard.DefaultWindow and
	// DefaultMinPromises; docs/scorecards.md).
	ReliabilityWindow      time.Duration
	ReliabilityMinPromises int
}

// Activities builds the activities with their real dependencies. A malformed
// program file is an error naming the file and the field.
func Activities(c client.Client, cfg Config) (*activities.Activities, error) {
	programs, err := loadPrograms(cfg.ProgramsDir)
	if err != nil {
		return nil, err
	}
	network, err := partners.Load(cfg.PartnersFile)
	if err != nil {
		return nil, fmt.Errorf("partners: %w", err)
	}
	settings := windowsOrDefault(cfg.Windows).Scaled(cfg.Scale)
	saturation := map[string]time.Duration{}
	for client, w := range cfg.SaturationByClient {
		saturation[client] = scale(w, cfg.Scale)
	}
	var signer activities.LinkSigner
	var positionLink func(caseID, missionID string) string
	if cfg.LinkKeys != nil {
		pages := &links.Pages{BaseURL: cfg.PagesURL, Keys: cfg.LinkKeys}
		signer = pages
		// The valet's position link is the signed position page (api/pages).
		positionLink = func(caseID, _ string) string {
			u, err := pages.PositionURL(caseID)
			if err != nil {
				return ""
			}
			return u
		}
	}
	warrantyWindows := map[string]activities.WarrantyWindows{}
	for client, w := range cfg.WarrantyByClient {
		warrantyWindows[client] = activities.WarrantyWindows{Diagnosis: scale(w.Diagnosis, cfg.Scale), Decision: scale(w.Decision, cfg.Scale)}
	}
	warrantyPrograms, err := warranty.Builtin()
	if err != nil {
		return nil, err
	}
	parties := providers.Config{URLTemplate: cfg.ProvidersURL, CallbackURL: cfg.CallbackURL, Timeout: cfg.HTTPTimeout}
	notifier := providers.NewNotifier(providers.NotifierConfig{ClientNoticesURL: cfg.ClientNoticesURL,
		ClientNoticesSecret: cfg.ClientNoticesSecret, Clients: cfg.Clients,
		OpsAlertsURL: cfg.OpsAlertsURL, OpsAlertsSecret: cfg.OpsAlertsSecret, WebUIURL: cfg.WebUIURL, Namespace: cfg.Namespace,
		OffersURL: cfg.OffersURL, OwnerNoticesURL: cfg.OwnerNoticesURL, OwnerNoticesSecret: cfg.OwnerNoticesSecret,
		Owners: cfg.Owners, ValetNoticesURL: cfg.ValetNoticesURL, Timeout: cfg.HTTPTimeout})
	records := Records{Visibility: VisibilityRecords{Client: c, Namespace: cfg.Namespace}}
	var recorder activities.CaseRecorder
	var reliability activities.PartnerReliability
	if cfg.RecordStore != nil {
		records.Store, recorder = cfg.RecordStore, cfg.RecordStore
		// The record's times are the case's own: the grace is the unscaled one.
		reliability = &scorecard.Measure{Entries: cfg.RecordStore, Window: cfg.ReliabilityWindow,
			MinPromises: cfg.ReliabilityMinPromises, Options: scorecard.Options{Grace: windowsOrDefault(cfg.Windows).EtaGrace}}
	}
	return &activities.Activities{
		Providers:    providers.New(parties),
		Notifier:     notifier,
		Owners:       notifier,
		Recorder:     recorder,
		Links:        signer,
		PositionLink: positionLink,
		Missions:     providers.NewMissions(cfg.MissionsURL, cfg.HTTPTimeout, nil),
		Settings: activities.FixedSettings{Default: settings, SaturationByClient: saturation, WarrantyByClient: warrantyWindows,
			OfferWindowByClient: scaleAll(cfg.OfferWindowByClient, cfg.Scale), OpsWindowByClient: scaleAll(cfg.OpsWindowByClient, cfg.Scale),
			LanguageByClient: cfg.LanguageByClient},
		Programs:    programs,
		Partners:    network,
		Reliability: reliability,
		Records:     records,

		Warranty:         providers.NewWarranty(parties),
		WarrantyPrograms: warrantyPrograms,
	}, nil
}

// DefaultWorkflowCache is how many cases a worker keeps in memory between
// their workflow tasks (the SDK's default is 10,000). A case waiting on its
// provider for hours is evicted and replayed from its history when it wakes:
// about 100 KB of memory each saved for a replay of some fifty events.
const DefaultWorkflowCache = 1000

// SetWorkflowCache sets the process-wide number of cached cases; call it before
// New. Zero or less keeps DefaultWorkflowCache.
func SetWorkflowCache(n int) {
	if n <= 0 {
		n = DefaultWorkflowCache
	}
	worker.SetStickyWorkflowCacheSize(n)
}

// New returns a worker of the case task queue with the workflow and acts registered.
func New(c client.Client, taskQueue string, acts *activities.Activities, opts worker.Options) worker.Worker {
	if taskQueue == "" {
		taskQueue = contract.TaskQueue
	}
	w := worker.New(c, taskQueue, opts)
	workflows.Register(w, acts)
	return w
}

func loadPrograms(dir string) (coverage.Catalog, error) {
	if dir == "" {
		return coverage.Builtin()
	}
	c, err := coverage.LoadDir(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("coverage programs in %s: %w", dir, err)
	}
	return c, nil
}

func scale(d time.Duration, factor float64) time.Duration {
	if factor <= 0 {
		return d
	}
	return time.Duration(float64(d) / factor)
}

// scaleAll scales every window of a map.
func scaleAll(m map[string]time.Duration, factor float64) map[string]time.Duration {
	out := make(map[string]time.Duration, len(m))
	for k, d := range m {
		out[k] = scale(d, factor)
	}
	return out
}
