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
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/rules/coverage"
	"github.com/valetops/assistance/rules/partners"
	"github.com/valetops/assistance/rules/warranty"
	"github.com/valetops/assistance/texts"
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
	// Reliability measures the partners from their record, for their
	// ranking; nil: the reliabilities of the network file.
	Reliability PartnerReliability
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
	// Informer informs the vehicle's own assistance at the report; nil: the
	// Providers, when they can (AssistanceInformer).
	Informer AssistanceInformer
	// NoticeZone is the time zone notices tell the time in; nil: Europe/Paris.
	NoticeZone *time.Location
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

// NotifyClient sends the client a notice. A notice with facts is written here
// from its kind and facts, in its language or else the client's (package
// texts); the receipt says what was sent, for the case's trace. A notice the
// endpoint refused as such (ErrRefused) is not retried.
func (a *Activities) NotifyClient(ctx context.Context, n ClientNotice) (NoticeReceipt, error) {
	if err := a.approvalLink(&n); err != nil {
		return NoticeReceipt{}, err
	}
	if n.Facts != nil {
		if n.Language == "" && a.Settings != nil {
			n.Language = a.Settings.SettingsFor(n.ClientID).ClientLanguage()
		}
		r, err := texts.Notice(n.Language, n.Kind, *n.Facts, a.NoticeZone)
		if err != nil {
			return NoticeReceipt{}, temporal.NewNonRetryableApplicationError(err.Error(), ErrTypeRefused, err)
		}
		n.Language, n.Title, n.Message = r.Lang, r.Title, r.Body
	}
	if err := a.Notifier.NotifyClient(ctx, n); err != nil {
		return NoticeReceipt{}, noticeError("the client's notice "+string(n.Kind), err)
	}
	return NoticeReceipt{Language: n.Language, Title: n.Title, Message: n.Message}, nil
}

// NotifyValet sends the valet's app a notice (assistance_dispatched,
// service_ordered, position_requested), written from its facts like the
// client's, in its language (French, the operator's, by default).
func (a *Activities) NotifyValet(ctx context.Context, n ValetNotice) (NoticeReceipt, error) {
	if n.Facts != nil {
		if n.Link != "" && n.Facts.Link == "" {
			n.Facts.Link = n.Link
		}
		r, err := texts.ValetNotice(n.Language, n.Kind, *n.Facts, a.NoticeZone)
		if err != nil {
			return NoticeReceipt{}, temporal.NewNonRetryableApplicationError(err.Error(), ErrTypeRefused, err)
		}
		n.Language, n.Title, n.Message = r.Lang, r.Title, r.Body
	}
	if err := a.Notifier.NotifyValet(ctx, n); err != nil {
		return NoticeReceipt{}, noticeError("the valet's notice "+string(n.Kind), err)
	}
	return NoticeReceipt{Language: n.Language, Title: n.Title, Message: n.Message}, nil
}

// InformAssistance informs the vehicle's own assistance of the breakdown at
// the report: not a request for assistance (seed 002 VI, "informé
// immédiatement dans tous les cas"). It returns the record of the information;
// an assistance that cannot be reached fails the attempt (retried), and the
// case, once the retries are spent, records it unreached yet informed
// (AssistanceNotice.Unreached). With no way to inform it configured, the
// record says so, unreached.
func (a *Activities) InformAssistance(ctx context.Context, n AssistanceNotice) (contract.AssistanceInformed, error) {
	informer := a.Informer
	if informer == nil {
		informer, _ = a.Providers.(AssistanceInformer)
	}
	if informer == nil {
		return n.Unreached("no way to inform the vehicle's assistance is configured"), nil
	}
	r, err := informer.InformAssistance(ctx, n)
	if err != nil {
		return contract.AssistanceInformed{}, providerError(n.Provider, "information at the report", err)
	}
	return n.Informed(r), nil
}

// noticeError: a notice refused as such is final; anything else is retried.
func noticeError(what string, err error) error {
	if errors.Is(err, ErrRefused) {
		return temporal.NewNonRetryableApplicationError(what+": "+err.Error(), ErrTypeRefused, err)
	}
	return err
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
	if n.Kind == "" {
		n.Kind = contract.ValetPositionRequested
	}
	if n.Link == "" {
		n.Link = "/valet/position?mission=" + url.QueryEscape(n.MissionID)
		if a.PositionLink != nil {
			if link := a.PositionLink(n.CaseID, n.MissionID); link != "" {
				n.Link = link
			}
		}
	}
	if n.Facts != nil {
		_, err := a.NotifyValet(ctx, n)
		return err
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
