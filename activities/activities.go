// Package activities holds the activities of a breakdown case: the saga's only
// way to reach the outside world (providers, the client, ops, the mission
// system). Each activity is a method on Activities, which holds its dependencies
// as Go interfaces; the workflow knows the activities by these methods only.
package activities

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/providers/partners"
	"github.com/valetops/assistance/rules/coverage"
	"github.com/valetops/assistance/rules/warranty"
)

// ErrTypeUnreachable is the error type of an activity whose provider could not
// be reached; the workflow falls back when it sees it after the retries.
const ErrTypeUnreachable = "ProviderUnreachable"

// ErrTypeRefused is the error type of a request the provider refused as invalid;
// it is not retried.
const ErrTypeRefused = "ProviderRefused"

// ErrRefused is returned (wrapped) by a Providers implementation when the
// provider answered that the request itself is wrong: retrying cannot help.
var ErrRefused = errors.New("refused by the provider")

// Activities are the activities of a breakdown case.
type Activities struct {
	Providers Providers
	Notifier  Notifier
	Missions  Missions
	Settings  SettingsSource
	// Partners are the operator's assistance partners; empty: the embedded
	// default network (partners.Default).
	Partners partners.Network
	// Programs are the coverage programs the worker knows (coverage.Builtin).
	Programs coverage.Catalog
	// PositionLink makes the position link sent to a valet whose report had no
	// coordinates; nil: a path of the valet's app naming the mission.
	PositionLink func(caseID, missionID string) string
	// Records finds a vehicle's earlier cases; nil: the report's prior_cases only.
	Records CaseRecords
	// Recorder keeps the record of each closed case (RecordCase); nil: none
	// is kept.
	Recorder CaseRecorder
	// Owners sends a vehicle's owner or lessor the report of a closed case;
	// nil: owners are not told.
	Owners OwnerNotifier
	// Links signs the links to the case's pages; nil: the case hands out none.
	Links LinkSigner
	// Warranty reaches warranty managers and repairers; nil: none configured
	// (a claim then alerts ops and waits for their hand).
	Warranty Warranty
	// WarrantyPrograms are the warranty programs the worker knows (warranty.Builtin).
	WarrantyPrograms warranty.Catalog
}

// LoadSettings returns the windows of a case for its client. Run as a local
// activity when the case starts, so a change of configuration never changes a
// running case.
func (a *Activities) LoadSettings(_ context.Context, clientID string) (rules.Settings, error) {
	if a.Settings == nil {
		return rules.DefaultSettings(), nil
	}
	return a.Settings.SettingsFor(clientID), nil
}

// Dispatch sends an assignment to a provider. A provider that cannot be reached
// fails the attempt (Temporal retries it with the same idempotency key); a busy
// or rejecting provider is an answer, returned to the workflow to decide, and
// so is an acknowledgement (the provider answers later by webhook).
func (a *Activities) Dispatch(ctx context.Context, order DispatchOrder) (DispatchAnswer, error) {
	answer, err := a.Providers.Dispatch(ctx, order)
	if err != nil {
		return DispatchAnswer{}, providerError(order.Provider, "dispatch", err)
	}
	switch answer.Status {
	case StatusAccepted, StatusBusy, StatusRejected:
	case StatusAcknowledged:
		if answer.AssignmentID == "" {
			return DispatchAnswer{}, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("%s acknowledged the request without an assignment id", order.Provider), ErrTypeRefused, nil)
		}
	default:
		return DispatchAnswer{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("%s answered an unknown dispatch status %q", order.Provider, answer.Status), ErrTypeRefused, nil)
	}
	activity.GetLogger(ctx).Info("dispatch answered", "provider", order.Provider, "status", answer.Status, "key", order.IdempotencyKey)
	return answer, nil
}

// RequestQuotes asks a provider for the paid options it offers.
func (a *Activities) RequestQuotes(ctx context.Context, req QuoteRequest) ([]contract.Option, error) {
	options, err := a.Providers.Quote(ctx, req)
	if err != nil {
		return nil, providerError(req.Provider, "quote", err)
	}
	for i := range options {
		if options[i].Provider == "" {
			options[i].Provider = req.Provider
		}
	}
	return options, nil
}

// CancelAssignment withdraws an open assignment at its provider.
func (a *Activities) CancelAssignment(ctx context.Context, order CancelOrder) error {
	if err := a.Providers.Cancel(ctx, order); err != nil {
		return providerError(order.Provider, "cancel", err)
	}
	return nil
}

// OrderService orders an additional service for the beneficiary.
func (a *Activities) OrderService(ctx context.Context, order ServiceOrder) (ServiceConfirmation, error) {
	c, err := a.Providers.OrderService(ctx, order)
	if err != nil {
		return ServiceConfirmation{}, providerError(order.Provider, "order "+string(order.Service), err)
	}
	return c, nil
}

// CancelService takes back an additional service at its provider.
func (a *Activities) CancelService(ctx context.Context, c ServiceCancellation) error {
	if err := a.Providers.CancelService(ctx, c); err != nil {
		return providerError(c.Provider, "cancel "+string(c.Service), err)
	}
	return nil
}

// NotifyClient sends the client a notice.
func (a *Activities) NotifyClient(ctx context.Context, n ClientNotice) error {
	return a.Notifier.NotifyClient(ctx, n)
}

// AlertOps raises an alert for ops staff.
func (a *Activities) AlertOps(ctx context.Context, alert OpsAlert) error {
	return a.Notifier.AlertOps(ctx, alert)
}

// OfferServices tells the beneficiary which additional services it may choose.
func (a *Activities) OfferServices(ctx context.Context, o ServiceOffer) error {
	return a.Notifier.OfferServices(ctx, o)
}

// RequestPosition sends the valet a position link, for a report without
// coordinates (seed 001: a link by SMS that sends the phone's GPS position).
// The link is PositionLink's, or a path of the valet's app naming the mission.
func (a *Activities) RequestPosition(ctx context.Context, n ValetNotice) error {
	if n.Link == "" {
		n.Link = "/valet/position?mission=" + url.QueryEscape(n.MissionID)
		if a.PositionLink != nil {
			if link := a.PositionLink(n.CaseID, n.MissionID); link != "" {
				n.Link = link
			}
		}
	}
	return a.Notifier.NotifyValet(ctx, n)
}

// UpdateMission tells the mission system what becomes of the mission.
func (a *Activities) UpdateMission(ctx context.Context, u MissionUpdate) error {
	return a.Missions.UpdateMission(ctx, u)
}

// providerError turns a provider failure into an activity error: a refusal is
// final, anything else is the provider being unreachable, and retried.
func providerError(provider, what string, err error) error {
	msg := fmt.Sprintf("%s %s: %v", provider, what, err)
	if errors.Is(err, ErrRefused) {
		return temporal.NewNonRetryableApplicationError(msg, ErrTypeRefused, err)
	}
	return temporal.NewApplicationError(msg, ErrTypeUnreachable, err)
}
