package caseworker

import (
	"flag"
	"time"

	"github.com/valetops/assistance/record"
)

// option is one flag of the worker: its name, its environment variable (if
// any), its help, and the field of Flags it sets.
type option struct {
	name, env, help string
	value           func(*Flags) flag.Value
}

// window is a flag setting one of the case's windows.
func window(name, help string, field func(*Flags) *time.Duration) option {
	return option{name: name, help: help, value: func(f *Flags) flag.Value { return durationValue{field(f)} }}
}

// options are every flag of the case worker, in the order -help lists them.
var options = []option{
	{"task-queue", "ASSISTANCE_TASK_QUEUE", "task queue of the cases",
		func(f *Flags) flag.Value { return textValue{&f.Config.TaskQueue} }},
	{"providers-url", "ASSISTANCE_PROVIDERS_URL", "providers' base URL, {provider} for the provider id",
		func(f *Flags) flag.Value { return textValue{&f.Config.ProvidersURL} }},
	{"callback-url", "ASSISTANCE_CALLBACK_URL", "our webhook API, given to providers",
		func(f *Flags) flag.Value { return textValue{&f.Config.CallbackURL} }},
	{"client-notices-url", "ASSISTANCE_CLIENT_NOTICES_URL", "where the client's notices are posted",
		func(f *Flags) flag.Value { return textValue{&f.Config.ClientNoticesURL} }},
	{"client-notices-secret", "ASSISTANCE_CLIENT_NOTICES_SECRET", "secret signing the notices posted to -client-notices-url (empty: unsigned)",
		func(f *Flags) flag.Value { return secretValue{&f.Config.ClientNoticesSecret} }},
	{"client-webhook", "", "a client's own notices webhook, `CLIENT=URL,SECRET` (repeatable; api/openapi.yaml, clientNotice)",
		func(f *Flags) flag.Value { return clientWebhooksValue(&f.Config.Clients) }},
	{"owner-notices-url", "ASSISTANCE_OWNER_NOTICES_URL", "where the report notices of a vehicle's owner or lessor are posted (vehicle.owner_id, when not the client)",
		func(f *Flags) flag.Value { return textValue{&f.Config.OwnerNoticesURL} }},
	{"owner-notices-secret", "ASSISTANCE_OWNER_NOTICES_SECRET", "secret signing the notices posted to -owner-notices-url (empty: unsigned)",
		func(f *Flags) flag.Value { return secretValue{&f.Config.OwnerNoticesSecret} }},
	{"owner-webhook", "", "an owner's or lessor's own report webhook, `OWNER=URL,SECRET` (repeatable; api/openapi.yaml, /owner/notices)",
		func(f *Flags) flag.Value { return ownerWebhooksValue(&f.Config.Owners) }},
	{"records", record.EnvURL, "the case record store, `URL` sqlite:PATH or postgres://USER@HOST:PORT/DATABASE (docs/records.md; empty: no record kept)",
		func(f *Flags) flag.Value { return textValue{&f.Config.Records} }},
	{"ops-alerts-url", "ASSISTANCE_OPS_ALERTS_URL", "where ops alerts are posted",
		func(f *Flags) flag.Value { return textValue{&f.Config.OpsAlertsURL} }},
	{"ops-alerts-secret", "ASSISTANCE_OPS_ALERTS_SECRET", "secret signing the ops alerts as our webhooks are signed (api/webhooksig); empty: unsigned",
		func(f *Flags) flag.Value { return secretValue{&f.Config.OpsAlertsSecret} }},
	{"web-ui-url", "ASSISTANCE_WEB_UI_URL", "the Temporal Web UI, linked from each ops alert (empty: no link)",
		func(f *Flags) flag.Value { return textValue{&f.Config.WebUIURL} }},
	{"offers-url", "ASSISTANCE_OFFERS_URL", "where the beneficiary's offers are posted",
		func(f *Flags) flag.Value { return textValue{&f.Config.OffersURL} }},
	{"valet-notices-url", "ASSISTANCE_VALET_NOTICES_URL", "where the valet's app notices are posted (empty: -offers-url)",
		func(f *Flags) flag.Value { return textValue{&f.Config.ValetNoticesURL} }},
	{"missions-url", "ASSISTANCE_MISSIONS_URL", "the mission system's updates endpoint",
		func(f *Flags) flag.Value { return textValue{&f.Config.MissionsURL} }},
	{"reliability-window", "", "how far back a partner's promises are counted for its ranking (docs/scorecards.md; 0: 30 days)",
		func(f *Flags) flag.Value { return durationValue{&f.Config.ReliabilityWindow} }},
	{"reliability-min-promises", "", "how many promises a partner's record must hold for its measured reliability to rank it (0: 20)",
		func(f *Flags) flag.Value { return intValue{&f.Config.ReliabilityMinPromises} }},
	{"partners", "ASSISTANCE_PARTNERS", "the operator's assistance partners, a JSON file (default: the built-in network, rules/partners/network.json)",
		func(f *Flags) flag.Value { return textValue{&f.Config.PartnersFile} }},
	{"programs", "ASSISTANCE_PROGRAMS", "directory of coverage program files (default: the built-in ones)",
		func(f *Flags) flag.Value { return textValue{&f.Config.ProgramsDir} }},
	{"pages-url", "ASSISTANCE_PAGES_URL", "where our API's pages are reached from outside (the links' base)",
		func(f *Flags) flag.Value { return textValue{&f.Config.PagesURL} }},
	{"link-keys", "ASSISTANCE_LINK_KEYS", "keys signing the links to the case's pages, `ID=SECRET,…` (the first signs; empty: no links)",
		func(f *Flags) flag.Value { return linkKeysValue{f} }},
	{"scale", "", "divide every window of a case by this factor (demo only)",
		func(f *Flags) flag.Value { return floatValue{&f.Config.Scale} }},
	{"workflow-cache", "", "cases kept in memory between their workflow tasks (the others are replayed when they wake)",
		func(f *Flags) flag.Value { return intValue{&f.WorkflowCache} }},
	{"build-id", "ASSISTANCE_BUILD_ID",
		"this build's id: the worker polls as that Worker Deployment Version, and every case stays pinned to the build it started on (empty: unversioned)",
		func(f *Flags) flag.Value { return textValue{&f.Deployment.BuildID} }},
	{"deployment-name", "ASSISTANCE_DEPLOYMENT_NAME", "the Worker Deployment of the case workers",
		func(f *Flags) flag.Value { return textValue{&f.Deployment.Name} }},

	window("qualification-window", "how long ops have to qualify a case",
		func(f *Flags) *time.Duration { return &f.Config.Windows.QualificationWindow }),
	window("saturation-window", "how long a busy assistance is asked again before the alternative",
		func(f *Flags) *time.Duration { return &f.Config.Windows.SaturationWindow }),
	window("retry-initial", "the first wait before a busy assistance is asked again",
		func(f *Flags) *time.Duration { return &f.Config.Windows.RetryInitial }),
	window("retry-max", "the longest wait between two requests to a busy assistance",
		func(f *Flags) *time.Duration { return &f.Config.Windows.RetryMax }),
	window("reminder-every", "how often the client is reminded of a pending approval",
		func(f *Flags) *time.Duration { return &f.Config.Windows.ReminderEvery }),
	window("approval-deadline", "when a pending approval expires",
		func(f *Flags) *time.Duration { return &f.Config.Windows.ApprovalDeadline }),
	window("decision-window", "how long ops may override the proposed mission decision",
		func(f *Flags) *time.Duration { return &f.Config.Windows.DecisionWindow }),
	window("follow-timeout", "how long a provider has to finish after accepting",
		func(f *Flags) *time.Duration { return &f.Config.Windows.FollowTimeout }),
	window("choice-window", "how long the beneficiary has to choose an additional service",
		func(f *Flags) *time.Duration { return &f.Config.Windows.ChoiceWindow }),
	window("position-window", "how long the valet has to share the vehicle's position through the link before ops are alerted",
		func(f *Flags) *time.Duration { return &f.Config.Windows.PositionWindow }),
	window("position-ops-window", "how long ops then have to set the position by hand before the mission is suspended",
		func(f *Flags) *time.Duration { return &f.Config.Windows.PositionOpsWindow }),
	window("ops-window", "how long a case whose decision is told waits for ops to resolve an alert that needs a person",
		func(f *Flags) *time.Duration { return &f.Config.Windows.OpsWindow }),
	window("ops-reminder-every", "how often ops are reminded of a case waiting for them",
		func(f *Flags) *time.Duration { return &f.Config.Windows.OpsReminderEvery }),
	window("warranty-diagnosis-window", "how long after the tow the repairer has to send its diagnosis and quote",
		func(f *Flags) *time.Duration { return &f.Config.Windows.WarrantyDiagnosisWindow }),
	window("warranty-decision-window", "how long the warranty manager has to decide on a quote",
		func(f *Flags) *time.Duration { return &f.Config.Windows.WarrantyDecisionWindow }),
	window("offer-window", "how long a provider that acknowledged a request has to answer it",
		func(f *Flags) *time.Duration { return &f.Config.Windows.OfferWindow }),
	window("eta-grace", "how late on its promise an assistance may be before the client is told",
		func(f *Flags) *time.Duration { return &f.Config.Windows.EtaGrace }),
	window("eta-give-up", "how late on its promise an assistance may be before the alternative is sent",
		func(f *Flags) *time.Duration { return &f.Config.Windows.EtaGiveUp }),
	window("max-eta", "the longest ETA compatible with the mission; longer, the alternative is asked too",
		func(f *Flags) *time.Duration { return &f.Config.Windows.MaxETA }),

	{"provider-offer-window", "", "a provider's own offer window, `PROVIDER=DURATION` (repeatable)",
		func(f *Flags) flag.Value { return windowsValue(&f.Config.Windows.ProviderOfferWindows, "PROVIDER") }},
	{"client-offer-window", "", "a client's own offer window, `CLIENT=DURATION` (repeatable)",
		func(f *Flags) flag.Value { return windowsValue(&f.Config.OfferWindowByClient, "CLIENT") }},
	{"client-saturation", "", "a client's own saturation window, `CLIENT=DURATION` (repeatable)",
		func(f *Flags) flag.Value { return windowsValue(&f.Config.SaturationByClient, "CLIENT") }},
	{"client-ops-window", "", "a client's own ops window, `CLIENT=DURATION` (repeatable)",
		func(f *Flags) flag.Value { return windowsValue(&f.Config.OpsWindowByClient, "CLIENT") }},
	{"client-language", "", "a client's language for its notices and pages, `CLIENT=fr|en` (repeatable; default fr)",
		func(f *Flags) flag.Value { return languagesValue(&f.Config.LanguageByClient) }},
	{"client-warranty", "", "a client's own warranty windows, `CLIENT=DIAGNOSIS/DECISION` such as C-DEALER=72h/24h (repeatable)",
		func(f *Flags) flag.Value { return warrantyWindowsValue(&f.Config.WarrantyByClient) }},
}
