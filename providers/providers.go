package providers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/activities"
)

// HTTPProviders implements activities.Providers over the providers' HTTP API.
type HTTPProviders struct {
	cfg  Config
	post poster
	now  func() time.Time
}

var (
	_ activities.Providers          = (*HTTPProviders)(nil)
	_ activities.AssistanceInformer = (*HTTPProviders)(nil)
)

// New returns providers reached as cfg says.
func New(cfg Config) *HTTPProviders {
	return &HTTPProviders{cfg: cfg, post: newPoster(cfg.Client, cfg.Timeout), now: time.Now}
}

// Dispatch sends POST /assignments: 201 or 200 is accepted, 202 acknowledged
// (the answer follows by webhook), 429 busy (with the provider's retry-after),
// 422 rejected; 400, 404 and other final 4xx are refused; anything else is an
// error (unreachable, retried with the same key).
func (p *HTTPProviders) Dispatch(ctx context.Context, order activities.DispatchOrder) (activities.DispatchAnswer, error) {
	u, err := p.orderURL(order.Provider, "/assignments", order.IdempotencyKey)
	if err != nil {
		return activities.DispatchAnswer{}, err
	}
	if p.cfg.CallbackURL == "" {
		return activities.DispatchAnswer{}, fmt.Errorf("%w: no callback URL configured for the events", activities.ErrRefused)
	}
	body := assignmentRequest{DispatchOrder: order, CallbackURL: p.cfg.Callback(order.Provider)}
	if body.Symptoms == nil {
		body.Symptoms = []string{}
	}
	a, err := p.post.post(ctx, u, order.IdempotencyKey, body)
	if err != nil {
		return activities.DispatchAnswer{}, err
	}
	var wire dispatchAnswer
	switch a.status {
	case http.StatusOK, http.StatusCreated:
		if err := decode(u, a, &wire); err != nil {
			return activities.DispatchAnswer{}, err
		}
		if wire.Status == "" || (wire.Status == activities.StatusAccepted && wire.AssignmentID == "") {
			return activities.DispatchAnswer{}, fmt.Errorf("POST %s answered %d without a status or an assignment id", u, a.status)
		}
		return activities.DispatchAnswer{Status: wire.Status, AssignmentID: wire.AssignmentID,
			ETASeconds: wire.ETASeconds, Reason: wire.Reason}, nil
	case http.StatusAccepted:
		if err := decode(u, a, &wire); err != nil {
			return activities.DispatchAnswer{}, err
		}
		if wire.Status != activities.StatusAcknowledged || wire.AssignmentID == "" {
			return activities.DispatchAnswer{}, fmt.Errorf("%w: POST %s answered 202 without status acknowledged and an assignment id", activities.ErrRefused, u)
		}
		return activities.DispatchAnswer{Status: activities.StatusAcknowledged, AssignmentID: wire.AssignmentID}, nil
	case http.StatusTooManyRequests:
		_ = decode(u, a, &wire) // the body is optional
		answer := activities.DispatchAnswer{Status: activities.StatusBusy, RetryAfterSeconds: wire.RetryAfterSeconds}
		if d, ok := RetryAfter(a.header, p.now()); ok {
			answer.RetryAfterSeconds = wholeSeconds(d)
			if d%time.Second != 0 {
				answer.RetryAfterMillis = int((d + time.Millisecond - 1) / time.Millisecond)
			}
		}
		return answer, nil
	case http.StatusUnprocessableEntity:
		_ = decode(u, a, &wire)
		if wire.Reason == "" {
			wire.Reason = problemOf(a.body)
		}
		return activities.DispatchAnswer{Status: activities.StatusRejected, Reason: wire.Reason}, nil
	}
	return activities.DispatchAnswer{}, failure(u, a)
}

// Quote sends POST /quotes and returns the options, each named with the provider.
func (p *HTTPProviders) Quote(ctx context.Context, req activities.QuoteRequest) ([]contract.Option, error) {
	u, err := p.cfg.BaseURL(req.Provider)
	if err != nil {
		return nil, err
	}
	u += "/quotes"
	a, err := p.post.post(ctx, u, req.IdempotencyKey, quoteRequest{QuoteRequest: req, MissionID: missionOf(req.MissionID, req.CaseID)})
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, failure(u, a)
	}
	var q quotes
	if err := decode(u, a, &q); err != nil {
		return nil, err
	}
	for i := range q.Options {
		if q.Options[i].Provider == "" {
			q.Options[i].Provider = req.Provider
		}
	}
	return q.Options, nil
}

// Cancel withdraws an assignment: by its id when known, else by the
// Idempotency-Key of the dispatch order whose answer never came back.
func (p *HTTPProviders) Cancel(ctx context.Context, order activities.CancelOrder) error {
	key := order.IdempotencyKey
	if key == "" && order.DispatchKey != "" {
		key = order.DispatchKey + "/cancel"
	}
	body := cancelRequest{
		IdempotencyKey: key,
		CaseID:         order.CaseID,
		MissionID:      missionOf(order.MissionID, order.CaseID),
		Reason:         order.Reason,
	}
	path := "/assignments/" + url.PathEscape(order.AssignmentID) + "/cancel"
	if order.AssignmentID == "" {
		if order.DispatchKey == "" {
			return fmt.Errorf("%w: a cancellation needs an assignment id or a dispatch key", activities.ErrRefused)
		}
		path, body.DispatchKey = "/assignments/cancel", order.DispatchKey
	}
	u, err := p.orderURL(order.Provider, path, key)
	if err != nil {
		return err
	}
	a, err := p.post.post(ctx, u, key, body)
	if err != nil {
		return err
	}
	if a.status/100 != 2 {
		return failure(u, a)
	}
	return nil
}

// OrderService sends POST /services and returns the provider's reference.
func (p *HTTPProviders) OrderService(ctx context.Context, order activities.ServiceOrder) (activities.ServiceConfirmation, error) {
	u, err := p.orderURL(order.Provider, "/services", order.IdempotencyKey)
	if err != nil {
		return activities.ServiceConfirmation{}, err
	}
	a, err := p.post.post(ctx, u, order.IdempotencyKey, serviceOrder{
		ServiceOrder: order,
		MissionID:    missionOf(order.MissionID, order.CaseID),
	})
	if err != nil {
		return activities.ServiceConfirmation{}, err
	}
	if a.status != http.StatusOK && a.status != http.StatusCreated {
		return activities.ServiceConfirmation{}, failure(u, a)
	}
	var c activities.ServiceConfirmation
	if err := decode(u, a, &c); err != nil {
		return c, err
	}
	if c.Reference == "" {
		return c, fmt.Errorf("POST %s answered %d without a reference", u, a.status)
	}
	return c, nil
}

// CancelService sends POST /services/cancel: the service ordered under
// OrderKey is taken back, whether or not its confirmation came back.
func (p *HTTPProviders) CancelService(ctx context.Context, c activities.ServiceCancellation) error {
	if c.OrderKey == "" {
		return fmt.Errorf("%w: a service cancellation needs the order's idempotency key", activities.ErrRefused)
	}
	u, err := p.orderURL(c.Provider, "/services/cancel", c.IdempotencyKey)
	if err != nil {
		return err
	}
	a, err := p.post.post(ctx, u, c.IdempotencyKey, serviceCancel{ServiceCancellation: c, MissionID: missionOf(c.MissionID, c.CaseID)})
	if err != nil {
		return err
	}
	if a.status/100 != 2 {
		return failure(u, a)
	}
	return nil
}

// InformAssistance sends POST /breakdown-notices: the vehicle's own assistance
// is informed of the breakdown at the report; not a request for assistance.
// 200 or 201 is taken (the body's reference, if any); a final 4xx is refused;
// anything else is an error (unreachable, retried with the same key).
func (p *HTTPProviders) InformAssistance(ctx context.Context, n activities.AssistanceNotice) (activities.AssistanceReceipt, error) {
	u, err := p.orderURL(n.Provider, "/breakdown-notices", n.IdempotencyKey)
	if err != nil {
		return activities.AssistanceReceipt{}, err
	}
	if n.Symptoms == nil {
		n.Symptoms = []string{}
	}
	a, err := p.post.post(ctx, u, n.IdempotencyKey, n)
	if err != nil {
		return activities.AssistanceReceipt{}, err
	}
	if a.status != http.StatusOK && a.status != http.StatusCreated {
		return activities.AssistanceReceipt{}, failure(u, a)
	}
	var r activities.AssistanceReceipt
	if len(a.body) > 0 {
		if err := decode(u, a, &r); err != nil {
			return r, err
		}
	}
	return r, nil
}

// orderURL returns the URL of an ordering request at the provider. An order
// without an idempotency key is refused: it could be ordered twice.
func (p *HTTPProviders) orderURL(provider, path, key string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("%w: %s without an Idempotency-Key", activities.ErrRefused, path)
	}
	base, err := p.cfg.BaseURL(provider)
	if err != nil {
		return "", err
	}
	return base + path, nil
}
