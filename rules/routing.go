package rules

import (
	"fmt"

	"github.com/valetops/assistance/contract"
)

// Route is where a case goes for assistance and on whose account.
type Route struct {
	Handler   contract.Handler   `json:"handler"`
	Provider  string             `json:"provider"`
	Payer     contract.Payer     `json:"payer"`
	Liability contract.Liability `json:"liability,omitempty"`
	// PaidOptions: the provider quotes options and the client must approve one
	// before anything is ordered.
	PaidOptions bool   `json:"paid_options"`
	Reason      string `json:"reason"`
}

// RouteCase routes a qualified breakdown: origin first, then the vehicle.
func RouteCase(q contract.Qualification, v contract.Vehicle) Route {
	switch q.Origin {
	case contract.OriginValetError:
		return Route{Handler: contract.HandlerOperatorPartner, Provider: contract.OperatorPartner, Payer: contract.PayerOperator, Liability: contract.LiabilityValet,
			Reason: "valet error: the operator's partner secures the vehicle; liability on the valet under the contract"}
	case contract.OriginOperatorFault:
		return Route{Handler: contract.HandlerOperatorPartner, Provider: contract.OperatorPartner, Payer: contract.PayerOperator, Liability: contract.LiabilityOperator,
			Reason: "operator fault: the operator organises the whole assistance through its partner"}
	}
	a := v.Assistance
	if a == nil {
		return Route{Handler: contract.HandlerOperatorArranged, Provider: contract.OperatorPartner, Payer: contract.PayerClient, PaidOptions: true,
			Reason: fmt.Sprintf("mechanical breakdown of a %s vehicle with no assistance of its own: the operator arranges options for the client to approve", v.Kind)}
	}
	r := Route{Provider: a.Provider}
	switch a.Type {
	case contract.AssistanceLessor:
		r.Handler, r.Payer = contract.HandlerLessor, contract.PayerLessor
	case contract.AssistanceManufacturer:
		r.Handler, r.Payer = contract.HandlerManufacturer, contract.PayerManufacturer
	default:
		r.Handler, r.Payer = contract.HandlerInsurer, contract.PayerInsurer
	}
	r.Reason = fmt.Sprintf("mechanical breakdown: %s (%s)", kindRouting(v.Kind, a.Type), a.Provider)
	return r
}

// kindRouting explains the routing of a mechanical breakdown by vehicle kind.
func kindRouting(k contract.VehicleKind, t contract.AssistanceType) string {
	expected := map[contract.VehicleKind]contract.AssistanceType{contract.KindLeaseReturn: contract.AssistanceLessor, contract.KindNew: contract.AssistanceManufacturer, contract.KindUsed: contract.AssistanceInsurer}
	why := map[contract.AssistanceType]string{
		contract.AssistanceLessor:       "the lessor's assistance, following the lessor's rules for where the vehicle goes",
		contract.AssistanceManufacturer: "the manufacturer's assistance under the new-vehicle warranty, to the brand's network",
		contract.AssistanceInsurer:      "insurance checked: the insurer's assistance, to the insurer's network",
	}
	s := why[t]
	if expected[k] != t {
		s += fmt.Sprintf(" (a %s vehicle, but its own assistance is its %s's)", k, t)
	}
	return s
}

// FallbackRoute is the alternative when the contractual assistance is saturated,
// unreachable or refuses: the operator's partner, on the operator's account. It
// returns false when the route already was the operator's partner.
func FallbackRoute(primary Route, why string) (Route, bool) {
	if primary.Provider == contract.OperatorPartner {
		return Route{}, false
	}
	return Route{Handler: contract.HandlerOperatorPartner, Provider: contract.OperatorPartner, Payer: contract.PayerOperator, Liability: primary.Liability,
		Reason: fmt.Sprintf("%s %s: the operator sets up its partner as the alternative", primary.Provider, why)}, true
}

// QuoteFallbackRoute is the alternative when a case is not covered and the
// vehicle's assistance cannot quote its paid options (unreachable, busy,
// refusing, or no option): the operator's partner quotes instead, and the
// client approves and pays, as for a vehicle with no assistance. It returns
// false when the route already was the operator's partner.
func QuoteFallbackRoute(primary Route, why string) (Route, bool) {
	if primary.Provider == contract.OperatorPartner {
		return Route{}, false
	}
	return Route{Handler: contract.HandlerOperatorArranged, Provider: contract.OperatorPartner, Payer: contract.PayerClient, PaidOptions: true,
		Reason: fmt.Sprintf("not covered and %s %s: the operator's partner quotes instead, for the client to approve and pay", primary.Provider, why)}, true
}

// TaxiRoute is who orders and pays the taxi that takes the valet on when the
// tow truck has no seat (seed 001): the operator, through its partner.
func TaxiRoute() Route {
	return Route{Handler: contract.HandlerOperatorPartner, Provider: contract.OperatorPartner, Payer: contract.PayerOperator,
		Reason: "the tow truck has no seat for the valet: the operator sends a taxi through its partner, at its cost"}
}
