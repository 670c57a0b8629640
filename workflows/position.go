package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// locating finds the vehicle's position when the report has none (seed 001:
// "votre prestataire d'assistance vous envoie un sms comportant un lien.
// Lorsque vous cliquez dessus, vos coordonnées GPS sont envoyées à la
// centrale"): the case sends the valet a position link at once, and waits for
// the position (Update locate) before it routes and dispatches. After the
// position window ops are alerted and may set the position by hand with the
// same Update; after the ops window the case gives up.
type locating struct {
	file    *caseFile
	notices *notifier
	ops     *opsInbox
	// asked is when the position link was sent.
	asked time.Time
}

// ask sends the valet the position link when the report has none.
func (p *locating) ask(ctx workflow.Context) {
	f := p.file
	if f.report.Location.HasPosition() {
		return
	}
	p.asked = workflow.Now(ctx)
	if err := p.notices.sendPositionLink(ctx); err != nil {
		if isCancel(ctx, err) {
			return
		}
		f.trace(ctx, "position_link_failed", "the position link could not be sent to valet %s: %v", f.report.ValetID, err)
		return
	}
	f.trace(ctx, "position_requested", "the report has no position: a position link was sent to valet %s", f.report.ValetID)
}

// await waits for the position before routing: the valet's window, then ops'
// window after an alert. It reports false when no position came: no
// assistance can be sent to an unknown place.
func (p *locating) await(ctx workflow.Context) (bool, error) {
	f := p.file
	if f.report.Location.HasPosition() {
		return true, nil
	}
	valetWindow, opsWindow := f.settings.PositionWindows()
	f.enter(ctx, contract.StageLocating, "waiting for the vehicle's position (link sent to valet "+f.report.ValetID+")")
	located := func() bool { return f.report.Location.HasPosition() }
	got, err := waitFor(ctx, p.asked.Add(valetWindow).Sub(workflow.Now(ctx)), "valet shares the position", located)
	if err != nil || got {
		return got, err
	}
	f.trace(ctx, "position_missing", "no position from valet %s within %s", f.report.ValetID, valetWindow)
	p.ops.alert(ctx, contract.AlertPositionMissing, "the valet of mission %s has not sent the vehicle's position (%s): set it by hand (Update locate)",
		f.report.MissionID, f.report.Location.Country)
	if got, err = waitFor(ctx, opsWindow, "ops set the position by hand", located); err != nil || got {
		return got, err
	}
	f.trace(ctx, "unassisted", "no position within %s more: no assistance can be sent to an unknown place", opsWindow)
	return false, nil
}

// register sets up the locate Update.
func (p *locating) register(ctx workflow.Context) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateLocate, p.onLocate, workflow.UpdateHandlerOptions{
		Validator:   p.validateLocate,
		Description: "The position of a vehicle reported without one: {lat, lon, accuracy_m?, source: valet|ops}; it answers the case's stage.",
	})
}

// validateLocate accepts the first position of an open case.
func (p *locating) validateLocate(_ workflow.Context, l contract.LocateRequest) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if p.file.report.Location.HasPosition() {
		return errors.New("the case already has the vehicle's position")
	}
	return p.file.closed()
}

// onLocate sets the vehicle's position.
func (p *locating) onLocate(ctx workflow.Context, l contract.LocateRequest) (contract.Stage, error) {
	f := p.file
	f.report.Location = f.report.Location.WithPosition(l.Lat, l.Lon)
	f.out.LocatedBy = l.Source
	accuracy := "accuracy unknown"
	if l.AccuracyM != nil {
		accuracy = fmt.Sprintf("±%.0f m", *l.AccuracyM)
	}
	f.trace(ctx, "located", "the vehicle is at %s, given by the %s (%s), sent by %s", f.report.Location.Describe(), l.Source, accuracy, sender(ctx, ""))
	p.ops.answered(ctx, contract.AnswerLocate, l.Source, "position given by the "+l.Source)
	return f.out.Stage, nil
}
