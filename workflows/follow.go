package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// receiveMilestones takes the providers' milestones as they arrive (Signal
// milestone), drops the repeated ones, and queues the others for the case.
func (d *dispatch) receiveMilestones(ctx workflow.Context) {
	d.seen = map[string]bool{}
	ch := workflow.GetSignalChannel(ctx, contract.SignalMilestone)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var m contract.Milestone
			if !ch.Receive(ctx, &m) {
				return
			}
			switch {
			case m.Validate() != nil:
				d.file.trace(ctx, "milestone_refused", "a milestone was refused: %v", m.Validate())
			case d.seen[m.EventID]:
				d.file.trace(ctx, "milestone_repeated", "event %s was already received: ignored", m.EventID)
			default:
				d.seen[m.EventID] = true
				d.inbox = append(d.inbox, m)
			}
		}
	})
}

// popMilestone takes the oldest milestone of the inbox.
func (d *dispatch) popMilestone() contract.Milestone {
	m := d.inbox[0]
	d.inbox = d.inbox[1:]
	return m
}

// onMilestone records one milestone of assignment a and tells the client; it
// reports whether the provider's work is over.
func (d *dispatch) onMilestone(ctx workflow.Context, a *assignment, m contract.Milestone) bool {
	f, n := d.file, d.notices
	f.trace(ctx, "milestone", "%s", m.Describe())
	a.LastProgress = m.Kind
	told := contract.NoticeFacts{Provider: a.Provider}
	switch m.Kind {
	case contract.MilestoneEnRoute:
		if m.ETASeconds > 0 {
			told = f.arrivalFacts(workflow.Now(ctx), time.Duration(m.ETASeconds)*time.Second)
			told.Provider = a.Provider
		}
		n.notify(ctx, contract.NoticeEnRoute, told)
	case contract.MilestoneOnSite:
		n.notify(ctx, contract.NoticeOnSite, told)
	case contract.MilestoneRepaired:
		f.addService(contract.ServiceOnSiteRepair)
		told.Service = contract.ServiceOnSiteRepair
		n.notify(ctx, contract.NoticeRepaired, told)
	case contract.MilestoneTowed:
		f.addService(contract.ServiceTow)
		f.out.TowDestination = m.Destination
		f.out.TowAddress = m.Address
		d.repairDays = m.RepairDays
		d.towedAt = f.now(ctx)
		told.Destination, told.Address, told.RepairDays = m.Destination, m.Address, m.RepairDays
		n.notify(ctx, contract.NoticeTowed, told)
		if m.ValetNeedsTaxi() {
			d.services.orderTaxi(ctx, m.Destination)
		}
	case contract.MilestoneFixedByPhone:
		f.addService(contract.ServicePhoneHelp)
		told.Service = contract.ServicePhoneHelp
		n.notify(ctx, contract.NoticeRepaired, told)
	case contract.MilestoneGoneOnArrival:
		d.ops.alert(ctx, contract.AlertVehicleNotFound, "%s found no vehicle on arrival for mission %s", a.Provider, f.report.MissionID)
	case contract.MilestoneUnsuccessful:
		d.ops.alert(ctx, contract.AlertNotRepairedOnSite, "%s could not repair the vehicle on site for mission %s; waiting for a tow", a.Provider, f.report.MissionID)
	}
	if !m.Kind.Final() {
		return false
	}
	a.Open = false
	d.undos.drop(a.DispatchKey)
	d.final = m.Kind
	return true
}
