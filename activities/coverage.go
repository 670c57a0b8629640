package activities

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/valetops/assistance/rules/coverage"
)

// CaseRecords finds a vehicle's earlier cases in our own records (for the
// programs' per-VIN yearly limits).
type CaseRecords interface {
	PriorCases(ctx context.Context, vin string, before time.Time) ([]contract.PriorCase, error)
}

// CoverageVerdict is the coverage of a case under its vehicle's program.
type CoverageVerdict struct {
	// Known is false when the worker has no such program: the vehicle's
	// assistance then decides alone, and the case records why.
	Known   bool            `json:"known"`
	Program string          `json:"program"`
	Result  coverage.Result `json:"result"`
	// Input is what the evaluation rested on, kept for the entitlements.
	Input coverage.Input `json:"input"`
	// Handler is the kind of the program's own assistance (lessor,
	// manufacturer, insurer); empty in verdicts made before it was kept.
	Handler contract.Handler `json:"handler,omitempty"`
}

// Terms are what the program still says once the case fell back away from
// its assistance: its provider and payer, whether it covers the case, and
// where it tows (rules.ServiceRoute, rules.DispatchTow). Nil when the
// program is unknown here.
func (v CoverageVerdict) Terms() *rules.ProgramTerms {
	if !v.Known {
		return nil
	}
	t := &rules.ProgramTerms{Covers: v.Result.Covered, TowTo: v.Result.TowTo, TowMaxKm: v.Result.TowMaxKm}
	if a := v.Input.Report.Vehicle.Assistance; a != nil {
		t.Provider = a.Provider
		t.Payer = payerOf(a.Type)
	}
	return t
}

// payerOf is who pays the vehicle's own assistance, by its kind.
func payerOf(t contract.AssistanceType) contract.Payer {
	switch t {
	case contract.AssistanceLessor:
		return contract.PayerLessor
	case contract.AssistanceManufacturer:
		return contract.PayerManufacturer
	}
	return contract.PayerInsurer
}

// EvaluateCoverage evaluates the case under the program its vehicle names,
// counting the vehicle's earlier cases from the report and from our records.
func (a *Activities) EvaluateCoverage(ctx context.Context, r contract.Report, q contract.Qualification) (CoverageVerdict, error) {
	id := r.Vehicle.Assistance.Program
	p, err := a.Programs.Lookup(id)
	if err != nil {
		return CoverageVerdict{Program: id}, nil
	}
	in := coverage.Input{Report: r, Qualification: q, PriorCases: append([]contract.PriorCase{}, r.PriorCases...)}
	if a.Records != nil {
		more, err := a.Records.PriorCases(ctx, r.Vehicle.VIN, r.BrokeDownAt())
		if err != nil {
			return CoverageVerdict{}, fmt.Errorf("reading the earlier cases of %s: %w", r.Vehicle.VIN, err)
		}
		in.PriorCases = mergePriorCases(in.PriorCases, more)
	}
	return CoverageVerdict{Known: true, Program: id, Result: coverage.Evaluate(p, in), Input: in, Handler: p.Handler}, nil
}

// EntitlementsAfterTow says which additional services the beneficiary may
// choose once the receiving repairer's estimate is known.
func (a *Activities) EntitlementsAfterTow(_ context.Context, v CoverageVerdict, tow coverage.Tow) (coverage.Entitlement, error) {
	p, err := a.Programs.Lookup(v.Program)
	if err != nil {
		return coverage.Entitlement{}, fmt.Errorf("program %s: %w", v.Program, err)
	}
	return coverage.Entitlements(p, v.Input, v.Result, tow), nil
}

// mergePriorCases adds our records to the cases the caller gave, without
// counting a case twice: two entries are the same case when both name a case
// ID and it is the same, or, when either does not, when they broke down at the
// same instant with the same nature. A caller's entry that our record matches
// takes from it what it does not say (origin, handler, case ID).
func mergePriorCases(have, more []contract.PriorCase) []contract.PriorCase {
	for _, p := range more {
		i := slices.IndexFunc(have, func(h contract.PriorCase) bool { return samePriorCase(h, p) })
		if i < 0 {
			have = append(have, p)
			continue
		}
		h := &have[i]
		if h.Origin == "" {
			h.Origin = p.Origin
		}
		if h.Handler == "" {
			h.Handler = p.Handler
		}
		if h.CaseID == "" {
			h.CaseID = p.CaseID
		}
	}
	return have
}

// samePriorCase reports whether a and b are the same earlier case.
func samePriorCase(a, b contract.PriorCase) bool {
	if a.CaseID != "" && b.CaseID != "" {
		return a.CaseID == b.CaseID
	}
	if a.Nature != b.Nature {
		return false
	}
	ta, errA := time.Parse(time.RFC3339, a.At)
	tb, errB := time.Parse(time.RFC3339, b.At)
	if errA != nil || errB != nil {
		return a.At == b.At
	}
	return ta.Equal(tb)
}
