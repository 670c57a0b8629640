package breakdown

import "fmt"

// OperatorPartner is the provider id of the operator's own assistance partner
// (RES ASSISTANCE in seed 000).
const OperatorPartner = "res-assistance"

// Handler is who handles the assistance of a case.
type Handler string

// The handlers of a case.
const (
	HandlerOperatorPartner  Handler = "operator_partner"  // the operator's partner, on the operator's account
	HandlerLessor           Handler = "lessor"            // the lessor's assistance
	HandlerManufacturer     Handler = "manufacturer"      // the manufacturer's assistance
	HandlerInsurer          Handler = "insurer"           // the insurer's assistance
	HandlerOperatorArranged Handler = "operator_arranged" // options arranged by the operator, paid by the client
)

// Payer is who pays for the assistance.
type Payer string

// The payers of a case.
const (
	PayerOperator     Payer = "operator"
	PayerLessor       Payer = "lessor"
	PayerManufacturer Payer = "manufacturer"
	PayerInsurer      Payer = "insurer"
	PayerClient       Payer = "client"
)

// Liability is on whom the contract puts the breakdown, where it puts it on someone.
type Liability string

// The liabilities the contract names.
const (
	LiabilityNone     Liability = ""
	LiabilityValet    Liability = "valet"
	LiabilityOperator Liability = "operator"
)

// Route is where a case goes for assistance and on whose account.
type Route struct {
	Handler   Handler   `json:"handler"`
	Provider  string    `json:"provider"`
	Payer     Payer     `json:"payer"`
	Liability Liability `json:"liability,omitempty"`
	// PaidOptions: the provider quotes options and the client must approve one
	// before anything is ordered.
	PaidOptions bool   `json:"paid_options"`
	Reason      string `json:"reason"`
}

// RouteCase routes a qualified breakdown: origin first, then the vehicle.
func RouteCase(q Qualification, v Vehicle) Route {
	switch q.Origin {
	case OriginValetError:
		return Route{Handler: HandlerOperatorPartner, Provider: OperatorPartner, Payer: PayerOperator, Liability: LiabilityValet,
			Reason: "valet error: the operator's partner secures the vehicle; liability on the valet under the contract"}
	case OriginOperatorFault:
		return Route{Handler: HandlerOperatorPartner, Provider: OperatorPartner, Payer: PayerOperator, Liability: LiabilityOperator,
			Reason: "operator fault: the operator organises the whole assistance through its partner"}
	}
	a := v.Assistance
	if a == nil {
		return Route{Handler: HandlerOperatorArranged, Provider: OperatorPartner, Payer: PayerClient, PaidOptions: true,
			Reason: fmt.Sprintf("mechanical breakdown of a %s vehicle with no assistance of its own: the operator arranges options for the client to approve", v.Kind)}
	}
	r := Route{Provider: a.Provider}
	switch a.Type {
	case AssistanceLessor:
		r.Handler, r.Payer = HandlerLessor, PayerLessor
	case AssistanceManufacturer:
		r.Handler, r.Payer = HandlerManufacturer, PayerManufacturer
	default:
		r.Handler, r.Payer = HandlerInsurer, PayerInsurer
	}
	r.Reason = fmt.Sprintf("mechanical breakdown: %s (%s)", kindRouting(v.Kind, a.Type), a.Provider)
	return r
}

// kindRouting explains the routing of a mechanical breakdown by vehicle kind.
func kindRouting(k VehicleKind, t AssistanceType) string {
	expected := map[VehicleKind]AssistanceType{KindLeaseReturn: AssistanceLessor, KindNew: AssistanceManufacturer, KindUsed: AssistanceInsurer}
	why := map[AssistanceType]string{
		AssistanceLessor:       "the lessor's assistance, following the lessor's rules for where the vehicle goes",
		AssistanceManufacturer: "the manufacturer's assistance under the new-vehicle warranty, to the brand's network",
		AssistanceInsurer:      "insurance checked: the insurer's assistance, to the insurer's network",
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
	if primary.Provider == OperatorPartner {
		return Route{}, false
	}
	return Route{Handler: HandlerOperatorPartner, Provider: OperatorPartner, Payer: PayerOperator, Liability: primary.Liability,
		Reason: fmt.Sprintf("%s %s: the operator sets up its partner as the alternative", primary.Provider, why)}, true
}

// QuoteFallbackRoute is the alternative when a case is not covered and the
// vehicle's assistance cannot quote its paid options (unreachable, busy,
// refusing, or no option): the operator's partner quotes instead, and the
// client approves and pays, as for a vehicle with no assistance. It returns
// false when the route already was the operator's partner.
func QuoteFallbackRoute(primary Route, why string) (Route, bool) {
	if primary.Provider == OperatorPartner {
		return Route{}, false
	}
	return Route{Handler: HandlerOperatorArranged, Provider: OperatorPartner, Payer: PayerClient, PaidOptions: true,
		Reason: fmt.Sprintf("not covered and %s %s: the operator's partner quotes instead, for the client to approve and pay", primary.Provider, why)}, true
}

// TaxiRoute is who orders and pays the taxi that takes the valet on when the
// tow truck has no seat (seed 001): the operator, through its partner.
func TaxiRoute() Route {
	return Route{Handler: HandlerOperatorPartner, Provider: OperatorPartner, Payer: PayerOperator,
		Reason: "the tow truck has no seat for the valet: the operator sends a taxi through its partner, at its cost"}
}
