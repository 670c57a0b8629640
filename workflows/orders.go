package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
)

// place orders a service from order.Provider, registered on the undo list,
// records it and tells the client and the valet; a service that cannot be
// ordered is handed to ops. It reports whether the provider confirmed it.
func (s *additionalServices) place(ctx workflow.Context, order activities.ServiceOrder) bool {
	service := order.Service
	// Cancelled while in flight, the order is taken back by its key.
	s.undos.push(order.IdempotencyKey, s.undoService(order, ""))
	var conf activities.ServiceConfirmation
	if err := workflow.ExecuteActivity(withProviderCall(ctx, "order "+string(service)+" from "+order.Provider), acts.OrderService, order).Get(ctx, &conf); err != nil {
		if !isCancel(ctx, err) {
			s.undos.drop(order.IdempotencyKey)
			s.ops.alert(ctx, contract.AlertServiceNotOrdered, "%s could not be ordered from %s for mission %s (%v): order it by hand", service, order.Provider, s.file.report.MissionID, err)
		}
		return false
	}
	s.undos.push(order.IdempotencyKey, s.undoService(order, conf.Reference))
	f := s.file
	f.addService(service)
	if f.out.ServiceProviders == nil {
		f.out.ServiceProviders = map[contract.Service]string{}
	}
	f.out.ServiceProviders[service] = order.Provider
	f.trace(ctx, "service_ordered", "%s ordered from %s (ref %s), cap: %s", service, order.Provider, conf.Reference, order.Cap)
	// Told to the client and to the valet (seed 000 §3 "informé en temps réel").
	told := contract.NoticeFacts{Service: service, Provider: order.Provider, Reference: conf.Reference, Until: order.Until}
	s.notices.notify(ctx, contract.NoticeServiceOrdered, told)
	s.notices.notifyValet(ctx, contract.ValetServiceOrdered, told, f.links.Tracking)
	return true
}

// undoService takes back a service at its provider, by its order's key (the
// provider's reference, when known, goes with it).
func (s *additionalServices) undoService(order activities.ServiceOrder, reference string) undo {
	f := s.file
	what := string(order.Service) + " at " + order.Provider
	if reference != "" {
		what = string(order.Service) + " (ref " + reference + ") at " + order.Provider
	}
	return undo{
		what: what,
		takeBack: func(ctx workflow.Context, reason string) error {
			cancel := activities.ServiceCancellation{
				IdempotencyKey: order.IdempotencyKey + "/cancel",
				CaseID:         f.caseID,
				MissionID:      f.report.MissionID,
				Provider:       order.Provider,
				Service:        order.Service,
				OrderKey:       order.IdempotencyKey,
				Reference:      reference,
				Reason:         reason,
			}
			summary := "cancel " + string(order.Service) + " at " + order.Provider
			return workflow.ExecuteActivity(withCompensation(ctx, summary), acts.CancelService, cancel).Get(ctx, nil)
		},
		undone: func(ctx workflow.Context) {
			f.trace(ctx, "service_cancelled", "%s cancelled", what)
		},
		byHand: fmt.Sprintf("cancel %s by hand (mission %s, order %s)", what, f.report.MissionID, order.IdempotencyKey),
	}
}
