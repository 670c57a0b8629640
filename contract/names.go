package contract

// The contract of a breakdown case, as other services see it (docs/contract.md).
// The case's workflow ID and case ID are made and read in caseid.go.
const (
	// TaskQueue is the task queue the worker polls.
	TaskQueue = "breakdown-assistance"
	// WorkflowType is the registered name of the case workflow.
	WorkflowType = "BreakdownCase"

	// UpdateReport receives the valet's report; sent with update-with-start, a
	// repeated report reaches the running case and is traced, not started again.
	UpdateReport = "report"
	// UpdateQualify lets ops confirm or correct the qualification.
	UpdateQualify = "qualify"
	// UpdateDecide carries the client's decision on paid options.
	UpdateDecide = "decide"
	// UpdateChooseService carries the beneficiary's choice of additional service.
	UpdateChooseService = "choose_service"
	// UpdateOverrideDecision lets ops replace the proposed mission decision.
	UpdateOverrideDecision = "override_decision"
	// UpdateLocate gives the position of a vehicle reported without one: the
	// valet through the position link, or ops by hand.
	UpdateLocate = "locate"
	// UpdateCancel cancels the case (the client cancels the mission, or ops do).
	UpdateCancel = "cancel"
	// UpdateResolve: ops say what they did about an alert that needs a person
	// (ResolveRequest).
	UpdateResolve = "resolve"
	// UpdateAcknowledge: ops have seen an informative alert
	// (AcknowledgeRequest).
	UpdateAcknowledge = "acknowledge"
	// SignalMilestone carries a provider's milestone (from the webhook API).
	SignalMilestone = "milestone"
	// QueryOutcome returns the case's outcome so far (Outcome).
	QueryOutcome = "outcome"
)

// ReportReceipt is the answer to the report Update.
type ReportReceipt struct {
	CaseID string `json:"case_id"`
	// Duplicate is true when the case already had this mission's report.
	Duplicate bool  `json:"duplicate"`
	Stage     Stage `json:"stage"`
}

// OpsReceipt is the answer to the resolve and acknowledge Updates: where the
// case stands and the kinds of alerts still waiting for ops.
type OpsReceipt struct {
	Stage        Stage       `json:"stage"`
	OpsAttention []AlertKind `json:"ops_attention"`
}

// ErrTypeInvalidReport is the error type of a case refused for an invalid report.
const ErrTypeInvalidReport = "InvalidReport"
