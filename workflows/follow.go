package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// receiveMilestones takes the providers' milestones as they arrive (Signal
// milestone), drops the invalid and the repeated ones (a repeat is the same
// provider and event id: contract.Milestone.DedupKey), refuses a flood past
// the contract's bounds, and queues the others for the case. Which
// assignment an event may move is checked where it is taken (promise.go,
// offers.go): an event names its provider's own assignment or nothing.
func (d *dispatch) receiveMilestones(ctx workflow.Context) {
	d.gate = milestoneGate{seen: map[string]bool{}, perAssignment: map[string]int{}, perProvider: map[string]int{}}
	ch := workflow.GetSignalChannel(ctx, contract.SignalMilestone)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var m contract.Milestone
			if !ch.Receive(ctx, &m) {
				return
			}
			d.receive(ctx, m)
		}
	})
}

// maxTracedRefusals bounds the milestones refused, ignored or repeated that
// the trace names one by one: a flood must not grow the case's outcome.
const maxTracedRefusals = 32

// receive takes one milestone into the inbox, or refuses it.
func (d *dispatch) receive(ctx workflow.Context, m contract.Milestone) {
	g := &d.gate
	byAssignment := m.Provider + "\x00" + m.AssignmentID
	if err := m.Validate(); err != nil {
		d.refuseMilestone(ctx, "milestone_refused", "a milestone was refused: %s", clip(err.Error()))
		return
	}
	switch {
	case g.seen[m.DedupKey()]:
		d.refuseMilestone(ctx, "milestone_repeated", "event %s from %s was already received: ignored", m.EventID, m.Provider)
	case g.perAssignment[byAssignment] >= contract.MaxEventsPerAssignment || g.perProvider[m.Provider] >= contract.MaxEventsPerProviderPerCase:
		d.floodRefused(ctx, m)
	default:
		g.seen[m.DedupKey()] = true
		g.perAssignment[byAssignment]++
		g.perProvider[m.Provider]++
		d.inbox = append(d.inbox, m)
	}
}

// floodRefused refuses a milestone past the bounds of its assignment or its
// provider; the first one alerts ops, once per case.
func (d *dispatch) floodRefused(ctx workflow.Context, m contract.Milestone) {
	g := &d.gate
	if g.flooded {
		d.refuseMilestone(ctx, "milestone_refused", "%s: past the bounds of its assignment or provider, refused", m.Describe())
		return
	}
	g.flooded = true
	g.refused++
	d.file.trace(ctx, "milestone_flood", "%s sent more than %d events for assignment %s, or %d for the mission: the case takes no more of them",
		m.Provider, contract.MaxEventsPerAssignment, m.AssignmentID, contract.MaxEventsPerProviderPerCase)
	d.ops.alert(ctx, contract.AlertMilestoneFlood, "%s floods mission %s with events (assignment %s): the case takes no more than %d per assignment and %d per provider; check with the provider and who reached the case without our API",
		m.Provider, d.file.report.MissionID, m.AssignmentID, contract.MaxEventsPerAssignment, contract.MaxEventsPerProviderPerCase)
}

// refuseMilestone traces a milestone refused, ignored or repeated, up to
// maxTracedRefusals; the next ones are counted.
func (d *dispatch) refuseMilestone(ctx workflow.Context, step, format string, args ...any) {
	g := &d.gate
	g.refused++
	switch {
	case g.refused <= maxTracedRefusals:
		d.file.trace(ctx, step, format, args...)
	case g.refused == maxTracedRefusals+1:
		d.file.trace(ctx, "milestones_untraced", "%d milestones were refused, ignored or repeated: the next ones are not traced", maxTracedRefusals)
	}
}

// clip bounds a text that quotes what a sender wrote.
func clip(s string) string {
	const max = 300
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
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
	d.scoreMilestone(ctx, a, m.Kind)
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
