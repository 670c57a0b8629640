package contract

// The contract of a warranty claim, the child workflow of a case whose vehicle
// under warranty was towed to a repairer (docs/contract.md).
const (
	// ClaimWorkflowType is the registered name of the claim workflow.
	ClaimWorkflowType = "WarrantyClaim"
	// ClaimWorkflowIDPrefix precedes the mission ID in a claim's workflow ID.
	ClaimWorkflowIDPrefix = "warranty-"
	// UpdateDiagnosis carries the repairer's diagnosis and quote
	// (warranty.Diagnosis), from our API.
	UpdateDiagnosis = "diagnosis"
	// UpdateWarrantyDecision carries the warranty manager's decision
	// (warranty.Decision), from our API.
	UpdateWarrantyDecision = "warranty_decision"
	// QueryClaim returns the claim so far (Claim).
	QueryClaim = "claim"
)

// ClaimWorkflowID is the workflow ID of the warranty claim of a mission's case.
func ClaimWorkflowID(missionID string) string { return ClaimWorkflowIDPrefix + missionID }
