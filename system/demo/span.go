package demo

import (
	"time"

	"github.com/valetops/assistance/simulation/scenario"
)

// Span is how long after the report a scenario's script still acts: the
// latest offset of ops, the client, the valet's position, the repairer and the
// warranty manager, and of the providers' events after an acceptance. A
// warranty claim spans days; most cases span minutes.
func Span(s *scenario.Scenario) time.Duration {
	var span time.Duration
	at := func(o scenario.Offset) { span = max(span, o.Duration()) }
	if s.Ops != nil && s.Ops.Qualify != nil {
		at(s.Ops.Qualify.After)
	}
	if s.Client != nil && s.Client.Decide != nil {
		at(s.Client.Decide.After)
	}
	if d := s.RepairerDiagnosisScript(); d != nil {
		at(d.After)
	}
	if d := s.WarrantyDecisionScript(); d != nil {
		at(d.After)
	}
	for _, p := range s.Providers {
		for _, e := range p.Events {
			span = max(span, e.After)
		}
	}
	return span
}

// Group is scenarios played together at one time scale.
type Group struct {
	Scale     float64
	Scenarios []*scenario.Scenario
}

// GroupByScale splits scenarios in two: those that span at most long at the
// base scale, and the longer ones (warranty claims) at the scale that plays
// long in about the same real time as the others. A group may be empty.
func GroupByScale(all []*scenario.Scenario, base float64, long time.Duration) []Group {
	short, longer := Group{Scale: base}, Group{Scale: base}
	var longest time.Duration
	for _, s := range all {
		if sp := Span(s); sp > long {
			longer.Scenarios = append(longer.Scenarios, s)
			longest = max(longest, sp)
			continue
		}
		short.Scenarios = append(short.Scenarios, s)
	}
	if longest > 0 {
		longer.Scale = base * float64(longest) / float64(long)
	}
	var out []Group
	for _, g := range []Group{short, longer} {
		if len(g.Scenarios) > 0 {
			out = append(out, g)
		}
	}
	return out
}
