package workflows

import (
	"strings"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// receiveMilestones takes the providers' milestones as they arrive, drops the
// repeated ones, and queues the others for the case.
func (c *caseRun) receiveMilestones(ctx workflow.Context) {
	ch := workflow.GetSignalChannel(ctx, contract.SignalMilestone)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var m contract.Milestone
			if !ch.Receive(ctx, &m) {
				return
			}
			switch {
			case m.Validate() != nil:
				c.trace(ctx, "milestone_refused", "a milestone was refused: %v", m.Validate())
			case c.seenEvents[m.EventID]:
				c.trace(ctx, "milestone_repeated", "event %s was already received: ignored", m.EventID)
			default:
				c.seenEvents[m.EventID] = true
				c.inbox = append(c.inbox, m)
			}
		}
	})
}

// popMilestone takes the oldest milestone of the inbox.
func (c *caseRun) popMilestone() contract.Milestone {
	m := c.inbox[0]
	c.inbox = c.inbox[1:]
	return m
}

// onMilestone records one milestone and tells the client; it reports whether
// the provider's work is over.
func (c *caseRun) onMilestone(ctx workflow.Context, a *assignment, m contract.Milestone) bool {
	c.trace(ctx, "milestone", "%s", m.Describe())
	a.LastProgress = m.Kind
	switch m.Kind {
	case contract.MilestoneEnRoute:
		c.notify(ctx, contract.NoticeEnRoute, "%s is on its way to the vehicle.", a.Provider)
	case contract.MilestoneOnSite:
		c.notify(ctx, contract.NoticeOnSite, "%s has reached the vehicle.", a.Provider)
	case contract.MilestoneRepaired:
		c.addService(contract.ServiceOnSiteRepair)
		c.notify(ctx, contract.NoticeRepaired, "%s repaired the vehicle on site.", a.Provider)
	case contract.MilestoneTowed:
		c.addService(contract.ServiceTow)
		c.out.TowDestination = m.Destination
		c.out.TowAddress = m.Address
		c.repairDays = m.RepairDays
		c.towedAt = c.settings.CaseTime(c.report.ReachedAssistanceAt(), c.opened, workflow.Now(ctx))
		c.notify(ctx, contract.NoticeTowed, "%s towed the vehicle to %s.", a.Provider, m.Destination)
		if m.ValetNeedsTaxi() {
			c.orderTaxi(ctx, m.Destination)
		}
	case contract.MilestoneFixedByPhone:
		c.addService(contract.ServicePhoneHelp)
		c.notify(ctx, contract.NoticeRepaired, "%s solved the breakdown by phone: no vehicle is needed and the vehicle drives on.", a.Provider)
	case contract.MilestoneGoneOnArrival:
		c.alertOps(ctx, contract.AlertVehicleNotFound, "%s found no vehicle on arrival for mission %s", a.Provider, c.report.MissionID)
	case contract.MilestoneUnsuccessful:
		c.alertOps(ctx, contract.AlertNotRepairedOnSite, "%s could not repair the vehicle on site for mission %s; waiting for a tow", a.Provider, c.report.MissionID)
	}
	if !m.Kind.Final() {
		return false
	}
	a.Open = false
	c.undos.drop(a.DispatchKey)
	c.final = m.Kind
	return true
}

// orderTaxi sends the valet on by taxi when the tow truck had no seat (seed
// 001: "nous amenons les conducteurs bloqués à destination à bord d'un taxi"):
// ordered from the operator's partner, paid by the operator, and undone with
// the case.
func (c *caseRun) orderTaxi(ctx workflow.Context, destination string) {
	route := rules.TaxiRoute()
	c.trace(ctx, "taxi", "%s", route.Reason)
	c.placeService(ctx, activities.ServiceOrder{
		IdempotencyKey: c.caseID + "/service/" + string(contract.ServiceTaxi),
		CaseID:         c.caseID,
		MissionID:      c.report.MissionID,
		Provider:       route.Provider,
		Service:        contract.ServiceTaxi,
		Cap:            "the valet " + c.report.ValetID + ", from the breakdown to " + strings.ReplaceAll(destination, "_", " ") + " or the valet's next mission",
		Payer:          route.Payer,
	})
}
