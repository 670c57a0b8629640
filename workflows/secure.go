package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
)

// secure is what the case does at once with the valet's report (seed 000 §1,
// "La sécurité du conducteur, du véhicule et des tiers est toujours la
// priorité"): someone injured, a fire, an accident or a vehicle not secured
// alert ops (safety, needs a person) while the assistance goes on as usual;
// the client is told, the vehicle said secured only when the report says so;
// and the vehicle's own assistance is informed, before anything is qualified
// or located.
func (r *reports) secure(ctx workflow.Context) {
	f := r.file
	safety := rules.CheckSafety(f.report)
	if safety.Alert {
		r.ops.alert(ctx, contract.AlertSafety, "mission %s, vehicle %s: %s", f.report.MissionID, f.report.Vehicle.Plate, safety.Reason())
	}
	r.notices.notify(ctx, contract.NoticeBreakdownReported, contract.NoticeFacts{Secured: safety.Secured})
	r.informAssistance(ctx)
}

// informAssistance informs the vehicle's own assistance of the breakdown at
// the report (seed 002 VI, "Le centre d'appels doit être informé
// immédiatement dans tous les cas"), whatever the origin turns out to be: not
// a request for assistance. An assistance that cannot be reached still counts
// as informed; the program counts "reported late" up to this moment.
func (r *reports) informAssistance(ctx workflow.Context) {
	f := r.file
	a := f.report.Vehicle.Assistance
	if a == nil || a.Provider == "" {
		return
	}
	n := activities.AssistanceNotice{
		IdempotencyKey: f.caseID + "/informed",
		CaseID:         f.caseID, MissionID: f.report.MissionID, Provider: a.Provider, Program: a.Program,
		Vehicle: f.report.Vehicle, Location: f.report.Location, Symptoms: f.report.Symptoms, Drivable: f.report.Drivable,
		BrokeDownAt: f.report.BrokeDownAt().UTC().Format(time.RFC3339),
		ReportedAt:  f.report.ReachedAssistanceAt().UTC().Format(time.RFC3339),
	}
	var informed contract.AssistanceInformed
	err := workflow.ExecuteActivity(withProviderCall(ctx, "inform "+a.Provider+" of the breakdown"), acts.InformAssistance, n).Get(ctx, &informed)
	if err != nil {
		if isCancel(ctx, err) {
			return
		}
		informed = n.Unreached(err.Error())
	}
	f.out.AssistanceInformed, f.out.AssistanceInformedAtReport = &informed, true
	if informed.Reached {
		f.trace(ctx, "assistance_informed", "%s informed of the breakdown at the report (%s), not asked for assistance", a.Provider, n.ReportedAt)
		return
	}
	f.trace(ctx, "assistance_informed", "%s", informed.Note)
}
