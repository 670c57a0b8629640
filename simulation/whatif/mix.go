package whatif

import (
	"encoding/json"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/testsuite/scenarios"
)

// DefaultMix weighs each kind of case by how many public acceptance cases
// (testsuite/scenarios, embedded) are of that routing kind: the origin ops
// or the case expect, then the vehicle's kind, or no assistance of its own.
func DefaultMix() Mix {
	all, err := scenarios.Builtin()
	if err != nil {
		return Mix{"valet_error": 1, "operator_fault": 1, "lease_return": 1, "new": 1, "used": 1, "no_assistance": 1}
	}
	m := Mix{}
	for _, s := range all {
		m[routingKind(s)]++
	}
	return m
}

// routingKind names the ready report a public case is like.
func routingKind(s *scenario.Scenario) string {
	origin := contract.OriginMechanical
	if raw, ok := s.Expect["origin"]; ok {
		_ = json.Unmarshal(raw, &origin)
	} else if s.Ops != nil && s.Ops.Qualify != nil {
		origin = s.Ops.Qualify.Origin
	}
	switch {
	case origin == contract.OriginValetError:
		return "valet_error"
	case origin == contract.OriginOperatorFault:
		return "operator_fault"
	case s.Report.Vehicle.Assistance == nil:
		return "no_assistance"
	}
	return string(s.Report.Vehicle.Kind)
}
