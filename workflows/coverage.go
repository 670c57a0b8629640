package workflows

import (
	"fmt"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/coverage"
)

// hasProgram reports whether the case goes to a vehicle assistance that runs a
// coverage program (the operator's own cases never do).
func (c *caseRun) hasProgram() bool {
	a := c.report.Vehicle.Assistance
	return c.qualification.Origin == contract.OriginMechanical && a != nil && a.Program != "" && c.route.Provider == a.Provider
}

// evaluateCoverage records what the vehicle's program owes. Not covered: the
// assistance only as a paid option the client approves.
func (c *caseRun) evaluateCoverage(ctx workflow.Context) error {
	var v activities.CoverageVerdict
	err := c.quick(ctx, "coverage under "+c.report.Vehicle.Assistance.Program, &v, acts.EvaluateCoverage, c.report, *c.qualification)
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		c.trace(ctx, "coverage_unknown", "coverage could not be evaluated (%v): the vehicle's assistance decides", err)
		return nil
	}
	if !v.Known {
		c.trace(ctx, "coverage_unknown", "program %s is unknown here: the vehicle's assistance decides what it covers", v.Program)
		return nil
	}
	c.coverage = &v
	c.out.Coverage = v.Result.Coverage
	c.trace(ctx, "coverage", "%s: %s", v.Result.Coverage, v.Result.Reason)
	if !v.Result.Covered {
		c.route.PaidOptions = true
		c.trace(ctx, "paid_assistance", "not covered by %s: %s can still help at the client's cost, once the client approves", v.Program, c.route.Provider)
	}
	return nil
}

// offerAdditionalServices offers the beneficiary the services the program owes
// after a tow that cannot be repaired the same day, orders the chosen one with
// its cap, and orders repatriation when it is due.
func (c *caseRun) offerAdditionalServices(ctx workflow.Context) error {
	if c.coverage == nil || c.final != contract.MilestoneTowed {
		return nil
	}
	var ent coverage.Entitlement
	tow := coverage.Tow{At: c.towedAt, RepairDays: c.repairDays}
	if err := c.quick(ctx, "additional services after the tow", &ent, acts.EntitlementsAfterTow, *c.coverage, tow); err != nil {
		if isCancel(ctx, err) {
			return err
		}
		c.alertOps(ctx, contract.AlertServicesUnknown, "the additional services of mission %s could not be worked out (%v): offer them by hand", c.report.MissionID, err)
		return nil
	}
	c.entitlement = &ent
	c.out.Entitlements = append([]contract.Service{}, ent.Offered...)
	c.trace(ctx, "entitlements", "%s", ent.Reason)
	if ent.Repatriation {
		c.orderService(ctx, contract.ServiceRepatriation)
	}
	if len(ent.Offered) == 0 {
		return nil
	}
	c.enter(ctx, contract.StageAwaitingChoice, "waiting for the beneficiary to choose an additional service")
	offer := activities.ServiceOffer{
		CaseID:    c.caseID,
		MissionID: c.report.MissionID,
		ValetID:   c.report.ValetID,
		Services:  ent.Offered,
		Caps:      ent.Caps,
	}
	if err := c.quick(ctx, "offer services to the beneficiary", nil, acts.OfferServices, offer); err != nil {
		if isCancel(ctx, err) {
			return err
		}
		c.alertOps(ctx, contract.AlertServicesNotOffered, "the beneficiary of mission %s could not be offered %v (%v): call the valet", c.report.MissionID, ent.Offered, err)
	}
	deadline := workflow.Now(ctx).Add(c.settings.ChoiceWindow)
	for {
		// A choice may have come in while the offer was being sent.
		for len(c.choices) > 0 {
			s := c.choices[0]
			c.choices = c.choices[1:]
			c.orderService(ctx, s)
		}
		if !c.canChooseMore() {
			return nil
		}
		got, err := waitFor(ctx, deadline.Sub(workflow.Now(ctx)), "beneficiary's choice of service", func() bool { return len(c.choices) > 0 })
		if err != nil {
			return err
		}
		if !got {
			c.trace(ctx, "choice_window_closed", "the beneficiary's choice window (%s) closed", c.settings.ChoiceWindow)
			return nil
		}
	}
}

// canChooseMore reports whether another service could still be chosen.
func (c *caseRun) canChooseMore() bool {
	if c.entitlement.OneChoiceOnly && len(c.chosen) > 0 {
		return false
	}
	return len(c.chosen) < len(c.entitlement.Offered)
}

// orderService orders an additional service from the provider handling the case.
func (c *caseRun) orderService(ctx workflow.Context, s contract.Service) {
	order := activities.ServiceOrder{
		IdempotencyKey: c.caseID + "/service/" + string(s),
		CaseID:         c.caseID, MissionID: c.report.MissionID, Provider: c.route.Provider, Service: s,
	}
	if c.entitlement != nil {
		order.Cap = c.entitlement.Caps[s]
		if s == contract.ServiceReplacementVehicle {
			order.Until = c.entitlement.ReplacementVehicleUntil
		}
	}
	if !c.placeService(ctx, order) {
		return
	}
	if order.Until != "" {
		c.out.ReplacementVehicleUntil = order.Until
	}
}

// placeService orders a service from order.Provider, registered on the undo
// list, and records it; a service that cannot be ordered is handed to ops. It
// reports whether the provider confirmed it.
func (c *caseRun) placeService(ctx workflow.Context, order activities.ServiceOrder) bool {
	s := order.Service
	// Cancelled while in flight, the order is taken back by its key.
	c.undos.push(order.IdempotencyKey, c.undoService(order, ""))
	var conf activities.ServiceConfirmation
	if err := workflow.ExecuteActivity(withProviderCall(ctx, "order "+string(s)+" from "+order.Provider), acts.OrderService, order).Get(ctx, &conf); err != nil {
		if !isCancel(ctx, err) {
			c.undos.drop(order.IdempotencyKey)
			c.alertOps(ctx, contract.AlertServiceNotOrdered, "%s could not be ordered from %s for mission %s (%v): order it by hand", s, order.Provider, c.report.MissionID, err)
		}
		return false
	}
	c.undos.push(order.IdempotencyKey, c.undoService(order, conf.Reference))
	c.addService(s)
	c.trace(ctx, "service_ordered", "%s ordered from %s (ref %s), cap: %s", s, order.Provider, conf.Reference, order.Cap)
	return true
}

// undoService takes back an additional service at its provider, by its order's
// key (the provider's reference, when known, goes with it).
func (c *caseRun) undoService(order activities.ServiceOrder, reference string) undo {
	what := string(order.Service) + " at " + order.Provider
	if reference != "" {
		what = string(order.Service) + " (ref " + reference + ") at " + order.Provider
	}
	return undo{
		what: what,
		run: func(ctx workflow.Context) error {
			cancel := activities.ServiceCancellation{
				IdempotencyKey: order.IdempotencyKey + "/cancel",
				CaseID:         c.caseID,
				MissionID:      c.report.MissionID,
				Provider:       order.Provider,
				Service:        order.Service,
				OrderKey:       order.IdempotencyKey,
				Reference:      reference,
				Reason:         c.cancelReason(),
			}
			summary := "cancel " + string(order.Service) + " at " + order.Provider
			return workflow.ExecuteActivity(withCompensation(ctx, summary), acts.CancelService, cancel).Get(ctx, nil)
		},
		undone: func(ctx workflow.Context) {
			c.trace(ctx, "service_cancelled", "%s cancelled", what)
		},
		byHand: fmt.Sprintf("cancel %s by hand (mission %s, order %s)", what, c.report.MissionID, order.IdempotencyKey),
	}
}
