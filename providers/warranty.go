package providers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/valetops/assistance/activities"
)

// HTTPWarranty implements activities.Warranty over HTTP: warranty managers and
// repairers are parties reached like the providers (Config.BaseURL by their
// id), and they answer on our API (api/openapi.yaml): the repairer at
// /v1/repairers/{repairer}/diagnoses, the manager at
// /v1/warranty-managers/{manager}/decisions.
type HTTPWarranty struct {
	cfg  Config
	post poster
}

var _ activities.Warranty = (*HTTPWarranty)(nil)

// NewWarranty returns warranty managers and repairers reached as cfg says.
func NewWarranty(cfg Config) *HTTPWarranty {
	return &HTTPWarranty{cfg: cfg, post: newPoster(cfg.Client, cfg.Timeout)}
}

// The paths of our API the parties answer on.
const (
	DiagnosesPath = "/v1/repairers/{repairer}/diagnoses"
	DecisionsPath = "/v1/warranty-managers/{manager}/decisions"
)

// The paths at the parties.
const (
	eventNumbersPath   = "/event-numbers"
	repairOrdersPath   = "/repair-orders"
	warrantyClaimsPath = "/warranty-claims"
)

// AssignEventNumber sends POST /event-numbers to the manager; 200 or 201
// carries the event number.
func (w *HTTPWarranty) AssignEventNumber(ctx context.Context, req activities.EventNumberRequest) (activities.EventNumber, error) {
	var n activities.EventNumber
	err := w.send(ctx, req.Manager, eventNumbersPath, req.IdempotencyKey, req, &n)
	if err == nil && n.EventNumber == "" {
		err = fmt.Errorf("%w: POST %s answered without an event number", activities.ErrRefused, eventNumbersPath)
	}
	return n, err
}

// OrderDiagnosis sends POST /repair-orders to the repairer, with where to send
// the diagnosis and quote.
func (w *HTTPWarranty) OrderDiagnosis(ctx context.Context, order activities.RepairOrder) (activities.RepairReceipt, error) {
	callback, err := w.callback(DiagnosesPath, "{repairer}", order.Repairer)
	if err != nil {
		return activities.RepairReceipt{}, err
	}
	var r activities.RepairReceipt
	err = w.send(ctx, order.Repairer, repairOrdersPath, order.IdempotencyKey, repairOrderBody{RepairOrder: order, CallbackURL: callback}, &r)
	return r, err
}

// SubmitClaim sends POST /warranty-claims to the manager, with where to send
// its decision.
func (w *HTTPWarranty) SubmitClaim(ctx context.Context, claim activities.ClaimSubmission) (activities.ClaimReceipt, error) {
	callback, err := w.callback(DecisionsPath, "{manager}", claim.Manager)
	if err != nil {
		return activities.ClaimReceipt{}, err
	}
	var r activities.ClaimReceipt
	err = w.send(ctx, claim.Manager, warrantyClaimsPath, claim.IdempotencyKey, claimBody{ClaimSubmission: claim, CallbackURL: callback}, &r)
	return r, err
}

// Withdraw sends POST /repair-orders/withdraw or /warranty-claims/withdraw,
// naming the claim (and the party's reference when known).
func (w *HTTPWarranty) Withdraw(ctx context.Context, wd activities.Withdrawal) error {
	path := repairOrdersPath
	if wd.What == activities.WithdrawClaim {
		path = warrantyClaimsPath
	}
	return w.send(ctx, wd.Party, path+"/withdraw", wd.IdempotencyKey, wd, nil)
}

// send posts body to the party's path with an Idempotency-Key and decodes a
// 2xx answer into out (when not nil).
func (w *HTTPWarranty) send(ctx context.Context, party, path, key string, body, out any) error {
	if key == "" {
		return fmt.Errorf("%w: %s without an Idempotency-Key", activities.ErrRefused, path)
	}
	base, err := w.cfg.BaseURL(party)
	if err != nil {
		return err
	}
	u := base + path
	a, err := w.post.post(ctx, u, key, body)
	if err != nil {
		return err
	}
	if a.status != http.StatusOK && a.status != http.StatusCreated && a.status != http.StatusAccepted {
		return failure(u, a)
	}
	if out == nil {
		return nil
	}
	return decode(u, a, out)
}

// callback is one of our API's URLs for a party, from the providers' callback
// URL (same scheme, host and /v1 root).
func (w *HTTPWarranty) callback(path, placeholder, party string) (string, error) {
	base, _, ok := strings.Cut(w.cfg.CallbackURL, "/v1/")
	if !ok || base == "" {
		return "", fmt.Errorf("%w: no callback URL of our API configured (…/v1/…)", activities.ErrRefused)
	}
	return base + strings.ReplaceAll(path, placeholder, url.PathEscape(party)), nil
}

// repairOrderBody is the body of POST /repair-orders.
type repairOrderBody struct {
	activities.RepairOrder
	CallbackURL string `json:"callback_url"`
}

// claimBody is the body of POST /warranty-claims.
type claimBody struct {
	activities.ClaimSubmission
	CallbackURL string `json:"callback_url"`
}
