package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

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
	return CoverageVerdict{Known: true, Program: id, Result: coverage.Evaluate(p, in), Input: in}, nil
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

// mergePriorCases adds our records to the report's, without counting a case twice.
func mergePriorCases(have, more []contract.PriorCase) []contract.PriorCase {
	seen := map[contract.PriorCase]bool{}
	for _, p := range have {
		seen[p] = true
	}
	for _, p := range more {
		if !seen[p] {
			have = append(have, p)
			seen[p] = true
		}
	}
	return have
}
