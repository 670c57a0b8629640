package workflows

import (
	"errors"
	"fmt"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
)

// A report without a position (seed 001: "votre prestataire d'assistance vous
// envoie un sms comportant un lien. Lorsque vous cliquez dessus, vos
// coordonnées GPS sont envoyées à la centrale"): the case sends the valet a
// position link at once, and waits for the position (Update locate) before it
// routes and dispatches. After the position window ops are alerted and may set
// the position by hand with the same Update; after the ops window the case
// gives up: no assistance, the mission is suspended.

// askPosition sends the valet the position link when the report has none.
func (c *caseRun) askPosition(ctx workflow.Context) {
	if c.report.Location.HasPosition() {
		return
	}
	c.positionAsked = workflow.Now(ctx)
	n := activities.ValetNotice{
		CaseID: c.caseID, MissionID: c.report.MissionID, ValetID: c.report.ValetID,
		Kind:    contract.ValetNoticePositionRequested,
		Message: "Open this link to send us where the vehicle " + c.report.Vehicle.Plate + " stands.",
	}
	if err := c.quick(ctx, "send the valet a position link", nil, acts.RequestPosition, n); err != nil {
		if isCancel(ctx, err) {
			return
		}
		c.trace(ctx, "position_link_failed", "the position link could not be sent to valet %s: %v", c.report.ValetID, err)
		return
	}
	c.trace(ctx, "position_requested", "the report has no position: a position link was sent to valet %s", c.report.ValetID)
}

// awaitPosition waits for the position before routing: the valet's window, then
// ops' window after an alert. It reports false when no position came (the case
// is then unassisted).
func (c *caseRun) awaitPosition(ctx workflow.Context) (bool, error) {
	if c.report.Location.HasPosition() {
		return true, nil
	}
	valetWindow, opsWindow := c.settings.PositionWindows()
	c.enter(ctx, contract.StageLocating, "waiting for the vehicle's position (link sent to valet "+c.report.ValetID+")")
	located := func() bool { return c.report.Location.HasPosition() }
	got, err := waitFor(ctx, c.positionAsked.Add(valetWindow).Sub(workflow.Now(ctx)), "valet shares the position", located)
	if err != nil || got {
		return got, err
	}
	c.trace(ctx, "position_missing", "no position from valet %s within %s", c.report.ValetID, valetWindow)
	c.alertOps(ctx, contract.AlertPositionMissing, "the valet of mission %s has not sent the vehicle's position (%s): set it by hand (Update locate)",
		c.report.MissionID, c.report.Location.Country)
	if got, err = waitFor(ctx, opsWindow, "ops set the position by hand", located); err != nil || got {
		return got, err
	}
	c.unassisted = true
	c.trace(ctx, "unassisted", "no position within %s more: no assistance can be sent to an unknown place", opsWindow)
	return false, nil
}

func (c *caseRun) validateLocate(_ workflow.Context, l contract.LocateRequest) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if c.report.Location.HasPosition() {
		return errors.New("the case already has the vehicle's position")
	}
	return closedError(c)
}

func (c *caseRun) onLocate(ctx workflow.Context, l contract.LocateRequest) (contract.Stage, error) {
	c.report.Location = c.report.Location.WithPosition(l.Lat, l.Lon)
	c.out.LocatedBy = l.Source
	accuracy := "accuracy unknown"
	if l.AccuracyM != nil {
		accuracy = fmt.Sprintf("±%.0f m", *l.AccuracyM)
	}
	c.trace(ctx, "located", "the vehicle is at %s, given by the %s (%s)", c.report.Location.Describe(), l.Source, accuracy)
	c.answered(ctx, contract.AnswerLocate, l.Source, "position given by the "+l.Source)
	return c.out.Stage, nil
}
