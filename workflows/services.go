package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/rules"
	"github.com/valetops/assistance/rules/coverage"
)

// offerAfterTow offers the beneficiary the services the program owes after a
// tow that cannot be repaired the same day, orders the chosen ones with their
// caps, and orders repatriation when it is due.
func (s *additionalServices) offerAfterTow(ctx workflow.Context, tow coverage.Tow, towed bool) error {
	if s.verdict == nil || !towed {
		return nil
	}
	f := s.file
	var ent coverage.Entitlement
	if err := s.calls.quick(ctx, "additional services after the tow", &ent, acts.EntitlementsAfterTow, *s.verdict, tow); err != nil {
		if isCancel(ctx, err) {
			return err
		}
		s.ops.alert(ctx, contract.AlertServicesUnknown, "the additional services of mission %s could not be worked out (%v): offer them by hand", f.report.MissionID, err)
		return nil
	}
	s.entitlement = &ent
	f.out.Entitlements = append([]contract.Service{}, ent.Offered...)
	f.trace(ctx, "entitlements", "%s", ent.Reason)
	if ent.Repatriation {
		s.order(ctx, contract.ServiceRepatriation)
	}
	if len(ent.Offered) == 0 {
		return nil
	}
	f.enter(ctx, contract.StageAwaitingChoice, "waiting for the beneficiary to choose an additional service")
	offer := activities.ServiceOffer{CaseID: f.caseID, MissionID: f.report.MissionID, ValetID: f.report.ValetID,
		Services: ent.Offered, Caps: ent.Caps}
	if err := s.notices.offerServices(ctx, offer); err != nil {
		if isCancel(ctx, err) {
			return err
		}
		s.ops.alert(ctx, contract.AlertServicesNotOffered, "the beneficiary of mission %s could not be offered %v (%v): call the valet", f.report.MissionID, ent.Offered, err)
	}
	deadline := workflow.Now(ctx).Add(f.settings.ChoiceWindow)
	for {
		// A choice may have come in while the offer was being sent.
		for len(s.choices) > 0 {
			choice := s.choices[0]
			s.choices = s.choices[1:]
			s.order(ctx, choice)
		}
		if !s.canChooseMore() {
			return nil
		}
		got, err := waitFor(ctx, deadline.Sub(workflow.Now(ctx)), "beneficiary's choice of service", func() bool { return len(s.choices) > 0 })
		if err != nil {
			return err
		}
		if !got {
			f.trace(ctx, "choice_window_closed", "the beneficiary's choice window (%s) closed", f.settings.ChoiceWindow)
			return nil
		}
	}
}

// canChooseMore reports whether another service could still be chosen.
func (s *additionalServices) canChooseMore() bool {
	if s.entitlement.OneChoiceOnly && len(s.chosen) > 0 {
		return false
	}
	return len(s.chosen) < len(s.entitlement.Offered)
}

// order orders an additional service: from the program's assistance when the
// service is the program's, even after a fallback away from it (seed 002 III:
// a service it did not organise is not reimbursed); else from the provider
// in charge (rules.ServiceRoute).
func (s *additionalServices) order(ctx workflow.Context, service contract.Service) {
	f := s.file
	route := rules.ServiceRoute(service, s.routing.route, s.programTerms())
	order := activities.ServiceOrder{
		IdempotencyKey: f.caseID + "/service/" + string(service),
		CaseID:         f.caseID, MissionID: f.report.MissionID, Provider: route.Provider, Service: service,
	}
	if route.Payer != f.out.Payer {
		order.Payer = route.Payer
	}
	if s.entitlement != nil {
		order.Cap = s.entitlement.Caps[service]
		if service == contract.ServiceReplacementVehicle {
			order.Until = s.entitlement.ReplacementVehicleUntil
		}
	}
	if route.Provider != s.routing.route.Provider {
		f.trace(ctx, "service_route", "%s", route.Reason)
	}
	if s.place(ctx, order) && order.Until != "" {
		f.out.ReplacementVehicleUntil = order.Until
	}
}

// orderTaxi sends the valet on by taxi when the tow truck had no seat (seed
// 001: "nous amenons les conducteurs bloqués à destination à bord d'un taxi"):
// ordered from the operator's partner, paid by the operator, whoever assists
// the vehicle (rules.ServiceRoute), and undone with the case.
func (s *additionalServices) orderTaxi(ctx workflow.Context, destination string) {
	f := s.file
	route := rules.ServiceRoute(contract.ServiceTaxi, s.routing.route, s.programTerms())
	f.trace(ctx, "taxi", "%s", route.Reason)
	s.place(ctx, activities.ServiceOrder{
		IdempotencyKey: f.caseID + "/service/" + string(contract.ServiceTaxi),
		CaseID:         f.caseID,
		MissionID:      f.report.MissionID,
		Provider:       route.Provider,
		Service:        contract.ServiceTaxi,
		Cap:            "the valet " + f.report.ValetID + ", from the breakdown to " + strings.ReplaceAll(destination, "_", " ") + " or the valet's next mission",
		Payer:          route.Payer,
	})
}

// register sets up the choose_service Update.
func (s *additionalServices) register(ctx workflow.Context) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateChooseService, s.onChooseService, workflow.UpdateHandlerOptions{
		Validator: s.validateChooseService, Description: "The beneficiary's choice of additional service: {service, by?}.",
	})
}

// validateChooseService accepts a service the program offers and allows.
func (s *additionalServices) validateChooseService(_ workflow.Context, c contract.ServiceChoice) error {
	if err := contract.CheckPerson("by", c.By); err != nil {
		return err
	}
	if s.entitlement == nil || s.file.out.Stage != contract.StageAwaitingChoice {
		return fmt.Errorf("no additional service is on offer for this case")
	}
	if err := coverage.ValidateChoice(*s.entitlement, append(s.chosen, s.choices...), c.Service); err != nil {
		return &strictjson.FieldError{Field: "service", Reason: err.Error()}
	}
	return nil
}

// onChooseService takes the beneficiary's choice, ordered by offerAfterTow.
func (s *additionalServices) onChooseService(ctx workflow.Context, c contract.ServiceChoice) (contract.Service, error) {
	s.chosen = append(s.chosen, c.Service)
	s.choices = append(s.choices, c.Service)
	s.file.trace(ctx, "service_chosen", "the beneficiary chose %s, sent by %s", c.Service, sender(ctx, c.By))
	return c.Service, nil
}
