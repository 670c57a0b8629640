package providers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/valetops/assistance/activities"
)

// ClientWebhook is where one client's system receives its notices, and the
// secret they are signed with (the scheme of the provider webhooks,
// api/webhooksig; api/openapi.yaml, webhook clientNotice).
type ClientWebhook struct {
	URL    string
	Secret []byte
}

// NotifierConfig says where the case's notices go.
type NotifierConfig struct {
	// ClientNoticesURL receives each activities.ClientNotice of a client not in
	// Clients, signed with ClientNoticesSecret when it is set.
	ClientNoticesURL    string
	ClientNoticesSecret []byte
	// Clients are the clients' own webhooks, by client id.
	Clients map[string]ClientWebhook
	// OpsAlertsURL receives each activities.OpsAlert, signed with
	// OpsAlertsSecret as our webhooks are (api/webhooksig), so a chat or paging
	// tool can check it came from us.
	OpsAlertsURL    string
	OpsAlertsSecret []byte
	// WebUIURL is the Temporal Web UI's base URL (e.g. http://127.0.0.1:8233)
	// and Namespace the cases' namespace: each alert links to its case there.
	WebUIURL  string
	Namespace string
	// OffersURL receives each activities.ServiceOffer (the valet's app, the
	// beneficiary's for the operator), and the valet's notices when
	// ValetNoticesURL is not set.
	OffersURL string
	// OwnerNoticesURL receives each activities.OwnerNotice of an owner not in
	// Owners, signed with OwnerNoticesSecret when it is set; Owners are the
	// owners' and lessors' own webhooks, by owner id.
	OwnerNoticesURL    string
	OwnerNoticesSecret []byte
	Owners             map[string]ClientWebhook
	// ValetNoticesURL receives each activities.ValetNotice (the valet's app:
	// position_requested, assistance_dispatched, service_ordered); empty:
	// OffersURL.
	ValetNoticesURL string
	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
	// Client is the HTTP client (default: a plain http.Client).
	Client *http.Client
}

// HTTPNotifier implements activities.Notifier by POSTing each message as JSON.
// A 2xx answer is delivered; a final 4xx is refused (wraps activities.ErrRefused);
// anything else is an error worth retrying.
type HTTPNotifier struct {
	cfg  NotifierConfig
	post poster
}

var _ activities.Notifier = (*HTTPNotifier)(nil)

// NewNotifier returns a notifier posting where cfg says.
func NewNotifier(cfg NotifierConfig) *HTTPNotifier {
	return &HTTPNotifier{cfg: cfg, post: newPoster(cfg.Client, cfg.Timeout)}
}

// NotifyClient posts the notice, signed, to the client's webhook.
func (n *HTTPNotifier) NotifyClient(ctx context.Context, notice activities.ClientNotice) error {
	hook := ClientWebhook{URL: n.cfg.ClientNoticesURL, Secret: n.cfg.ClientNoticesSecret}
	if own, ok := n.cfg.Clients[notice.ClientID]; ok {
		hook = own
	}
	if hook.URL == "" {
		return fmt.Errorf("%w: no webhook configured for the notices of client %s", activities.ErrRefused, notice.ClientID)
	}
	a, err := n.post.postSigned(ctx, hook.URL, "", hook.Secret, notice)
	if err != nil {
		return err
	}
	if a.status/100 != 2 {
		return failure(hook.URL, a)
	}
	return nil
}

// AlertOps posts the alert to ops' URL, signed, with the case's Web UI link.
func (n *HTTPNotifier) AlertOps(ctx context.Context, alert activities.OpsAlert) error {
	if alert.WebUIURL == "" {
		alert.WebUIURL = WebUILink(n.cfg.WebUIURL, n.cfg.Namespace, alert.CaseID)
	}
	if n.cfg.OpsAlertsURL == "" {
		return fmt.Errorf("%w: no URL configured for ops alerts", activities.ErrRefused)
	}
	a, err := n.post.postSigned(ctx, n.cfg.OpsAlertsURL, "", n.cfg.OpsAlertsSecret, alert)
	if err != nil {
		return err
	}
	if a.status/100 != 2 {
		return failure(n.cfg.OpsAlertsURL, a)
	}
	return nil
}

// WebUILink is the page of a case (caseID: "WORKFLOW_ID/RUN_ID") in the
// Temporal Web UI at base, or "" without a base.
func WebUILink(base, namespace, caseID string) string {
	if base == "" {
		return ""
	}
	if namespace == "" {
		namespace = "default"
	}
	workflowID, runID, _ := strings.Cut(caseID, "/")
	link := strings.TrimRight(base, "/") + "/namespaces/" + url.PathEscape(namespace) + "/workflows/" + url.PathEscape(workflowID)
	if runID != "" {
		link += "/" + url.PathEscape(runID) + "/history"
	}
	return link
}

// OfferServices posts the offer to the beneficiary's URL.
func (n *HTTPNotifier) OfferServices(ctx context.Context, offer activities.ServiceOffer) error {
	return send(ctx, n.post, "service offers", n.cfg.OffersURL, "", offer)
}

// NotifyValet posts the notice to the valet's app (ValetNoticesURL, or the
// offers URL when it is not set).
func (n *HTTPNotifier) NotifyValet(ctx context.Context, notice activities.ValetNotice) error {
	url := n.cfg.ValetNoticesURL
	if url == "" {
		url = n.cfg.OffersURL
	}
	return send(ctx, n.post, "valet notices", url, "", notice)
}

// HTTPMissions implements activities.Missions by POSTing each MissionUpdate as
// JSON with its Idempotency-Key.
type HTTPMissions struct {
	// URL receives the updates, e.g. "http://127.0.0.1:8090/missions/updates".
	URL  string
	post poster
}

var _ activities.Missions = (*HTTPMissions)(nil)

// NewMissions returns a mission system reached at url; timeout 0 means 10 s and
// a nil client a plain http.Client.
func NewMissions(url string, timeout time.Duration, client *http.Client) *HTTPMissions {
	return &HTTPMissions{URL: url, post: newPoster(client, timeout)}
}

// UpdateMission posts the update.
func (m *HTTPMissions) UpdateMission(ctx context.Context, u activities.MissionUpdate) error {
	if u.IdempotencyKey == "" {
		return fmt.Errorf("%w: a mission update needs an idempotency key", activities.ErrRefused)
	}
	return send(ctx, m.post, "mission updates", m.URL, u.IdempotencyKey, u)
}

// send posts one message and maps the answer.
func send(ctx context.Context, p poster, what, url, key string, body any) error {
	if url == "" {
		return fmt.Errorf("%w: no URL configured for %s", activities.ErrRefused, what)
	}
	a, err := p.post(ctx, url, key, body)
	if err != nil {
		return err
	}
	if a.status/100 != 2 {
		return failure(url, a)
	}
	return nil
}
