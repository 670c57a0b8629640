package stack

import (
	"slices"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules/warranty"
	"github.com/valetops/assistance/simulation/network"
)

// Parties are the parties of the all-in-one that sign webhooks, each with a
// key of its own: the providers of the scenarios and of the network model,
// the operator's partner, the repairers among their tow destinations and the
// warranty managers of the built-in programs. Our API refuses any other
// party: a report naming a provider none of these lists gets no events (its
// case alerts ops that the provider is silent).
func Parties(cfg Config) []string {
	set := map[string]bool{contract.OperatorPartner: true, contract.DestinationAuthorisedRepairer: true}
	destination := func(d string) {
		if warranty.IsRepairer(d) {
			set[d] = true
		}
	}
	for _, sc := range cfg.Scenarios {
		for provider, script := range sc.Providers {
			set[provider] = true
			for _, e := range script.Events {
				destination(e.Destination)
			}
		}
	}
	if cfg.Network != nil {
		for _, p := range cfg.Network.Model().Providers {
			set[p.ID] = true
			towsTo(p.Tow, destination)
		}
	}
	if programs, err := warranty.Builtin(); err == nil {
		for _, p := range programs {
			set[p.Manager] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		if p != "" {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// towsTo gives every destination of a tow profile to f.
func towsTo(t network.Tow, f func(string)) {
	f(t.Destination)
	for _, d := range t.DestinationByPayer {
		f(d)
	}
}
