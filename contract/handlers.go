package contract

// OperatorPartner is the provider id of the operator's own assistance partner
// (RES ASSISTANCE in the conveying operator's procedure, docs/glossary.md).
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

var handlerList = []Handler{HandlerOperatorPartner, HandlerLessor, HandlerManufacturer, HandlerInsurer, HandlerOperatorArranged}

// Valid reports whether h is one of the handlers.
func (h Handler) Valid() bool {
	for _, k := range handlerList {
		if k == h {
			return true
		}
	}
	return false
}

// Handlers lists the handlers' names.
func Handlers() []string {
	out := make([]string, len(handlerList))
	for i, h := range handlerList {
		out[i] = string(h)
	}
	return out
}

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
