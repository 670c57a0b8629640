package rules

import (
	"fmt"

	"github.com/valetops/assistance/contract"
)

// ProgramTerms are what the vehicle's program still says once the case fell
// back away from its assistance (seed 002 III: "Les services qui n'ont pas été
// approuvés à l'avance par l'Assistance BYD ou organisés par l'Assistance BYD
// ne donnent pas droit à un remboursement").
type ProgramTerms struct {
	// Provider is the program's own assistance; Payer who pays it.
	Provider string
	Payer    contract.Payer
	// Covers: the case is covered or limited under the program (not
	// "not_covered").
	Covers bool
	// TowTo and TowMaxKm are where the program tows (authorised_repairer; a
	// discharged HV battery: charging_point within 50 km).
	TowTo    string
	TowMaxKm float64
}

// programServices are the additional services a program organises: ordered
// from its own assistance even after a fallback.
var programServices = set(contract.ServiceReplacementVehicle, contract.ServiceOnwardTravel, contract.ServiceHotel, contract.ServiceRepatriation)

// ServiceRoute says which provider an additional service is ordered from and
// who pays it (DOMAIN.md, "After a fallback away from a program"): the taxi is
// always the operator's partner's, at the operator's cost (TaxiRoute); the
// program's services (replacement vehicle, onward travel, hotel,
// repatriation) are ordered from the program's assistance whenever the
// program covers the case, even when the operator's partner assists the
// vehicle; anything else from the provider in charge (inForce). program is
// nil when the vehicle's assistance runs no program the case knows.
func ServiceRoute(s contract.Service, inForce Route, program *ProgramTerms) Route {
	if s == contract.ServiceTaxi {
		return TaxiRoute()
	}
	if program != nil && program.Covers && programServices[s] && program.Provider != "" {
		r := Route{Handler: handlerOfPayer(program.Payer), Provider: program.Provider, Payer: program.Payer,
			Reason: fmt.Sprintf("%s is the program's: ordered from %s, which organises it", s, program.Provider)}
		if program.Provider != inForce.Provider {
			r.Reason += fmt.Sprintf(" although %s assists the vehicle (a service it does not organise is not reimbursed)", inForce.Provider)
		}
		return r
	}
	r := inForce
	r.Reason = fmt.Sprintf("%s is ordered from %s, in charge of the case", s, inForce.Provider)
	return r
}

// DispatchTow is where a dispatch order sends a tow: after a fallback away
// from a program that covers the case, the program's destination (the
// alternative tows where the program would have); otherwise the route's own
// (given, "" for the provider's choice).
func DispatchTow(program *ProgramTerms, towTo string, towMaxKm float64) (string, float64) {
	if program != nil && program.Covers && program.TowTo != "" {
		return program.TowTo, program.TowMaxKm
	}
	return towTo, towMaxKm
}

// handlerOfPayer names the handler of a program's own assistance by who pays it.
func handlerOfPayer(p contract.Payer) contract.Handler {
	switch p {
	case contract.PayerLessor:
		return contract.HandlerLessor
	case contract.PayerManufacturer:
		return contract.HandlerManufacturer
	case contract.PayerInsurer:
		return contract.HandlerInsurer
	}
	return contract.HandlerOperatorPartner
}
