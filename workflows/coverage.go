package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"
	"github.com/valetops/assistance/rules/coverage"
)

// additionalServices is the coverage of the vehicle's assistance program and the
// additional services of the case (coverage-programs.md): what the program
// owes (here), the services after a tow, the beneficiary's choice, the taxi
// for the valet, each ordered on the undo list (services.go).
type additionalServices struct {
	file    *caseFile
	calls   *calls
	notices *notifier
	ops     *opsInbox
	routing *routing
	undos   *undoList
	// verdict is what the program covers, once evaluated.
	verdict *activities.CoverageVerdict
	// entitlement is what the program owes after the tow; choices are the
	// beneficiary's choices not ordered yet, chosen all its choices.
	entitlement *coverage.Entitlement
	choices     []contract.Service
	chosen      []contract.Service
}

// hasProgram reports whether the case qualified q goes to a vehicle
// assistance that runs a coverage program (the operator's own cases never do).
func (s *additionalServices) hasProgram(q contract.Qualification) bool {
	a := s.file.report.Vehicle.Assistance
	return q.Origin == contract.OriginMechanical && a != nil && a.Program != "" && s.routing.route.Provider == a.Provider
}

// evaluateCoverage records what the vehicle's program owes for q. Not
// covered: the assistance only as a paid option the client approves.
func (s *additionalServices) evaluateCoverage(ctx workflow.Context, q contract.Qualification) error {
	f := s.file
	var v activities.CoverageVerdict
	err := s.calls.quick(ctx, "coverage under "+f.report.Vehicle.Assistance.Program, &v, acts.EvaluateCoverage, f.report, q)
	if err != nil {
		if isCancel(ctx, err) {
			return err
		}
		f.trace(ctx, "coverage_unknown", "coverage could not be evaluated (%v): the vehicle's assistance decides", err)
		return nil
	}
	if !v.Known {
		f.trace(ctx, "coverage_unknown", "program %s is unknown here: the vehicle's assistance decides what it covers", v.Program)
		return nil
	}
	s.verdict = &v
	f.out.Coverage = v.Result.Coverage
	f.trace(ctx, "coverage", "%s: %s", v.Result.Coverage, v.Result.Reason)
	if !v.Result.Covered {
		s.routing.needsPaidOptions()
		f.trace(ctx, "paid_assistance", "not covered by %s: %s can still help at the client's cost, once the client approves", v.Program, s.routing.route.Provider)
	}
	return nil
}

// towFor is where a dispatch order to provider sends a tow, and how far at
// most: the program's destination (a discharged HV battery: a charging point)
// for its own assistance, and for the alternative after a fallback away from
// a program that covers the case (rules.DispatchTow); "" for the provider's
// choice.
func (s *additionalServices) towFor(provider string) (string, float64) {
	if s.verdict == nil {
		return "", 0
	}
	if provider == s.verdict.Input.Report.Vehicle.Assistance.Provider {
		return s.verdict.Result.TowTo, s.verdict.Result.TowMaxKm
	}
	return rules.DispatchTow(s.programTerms(), "", 0)
}

// terms are what the vehicle's program says of the case (nil: no program
// evaluated, or unknown here).
func (s *additionalServices) programTerms() *rules.ProgramTerms {
	if s.verdict == nil {
		return nil
	}
	return s.verdict.Terms()
}

// forgetCoverage forgets the program's verdict when a re-qualification routes
// the case anew: the coverage is evaluated again for the new route, if it has
// a program.
func (s *additionalServices) forgetCoverage() {
	s.verdict = nil
	s.file.out.Coverage = ""
}
