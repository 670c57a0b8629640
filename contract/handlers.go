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
