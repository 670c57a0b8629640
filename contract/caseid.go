package contract

import "strings"

// The identity of a breakdown case, made and read in one place: its workflow ID, breakdown-<mission id> (one case per mission at a
// time, so a report sent twice reaches the same case), and its case ID,
// <workflow ID>/<run ID> (one per run: a new report after a closed case opens a
// new run). The case ID goes with every order to the providers, which read the
// mission back from it.

// WorkflowIDPrefix precedes the mission ID in a case's workflow ID.
const WorkflowIDPrefix = "breakdown-"

// WorkflowID is the workflow ID of the case of a mission.
func WorkflowID(missionID string) string { return WorkflowIDPrefix + missionID }

// NewCaseID is the case ID of one run of a case's workflow.
func NewCaseID(workflowID, runID string) string { return workflowID + "/" + runID }

// MissionOf returns the mission ID of a case ID or of a workflow ID
// ("breakdown-M-1004/<run id>" and "breakdown-M-1004" give "M-1004").
func MissionOf(caseID string) string {
	workflowID, _, _ := strings.Cut(caseID, "/")
	return strings.TrimPrefix(workflowID, WorkflowIDPrefix)
}
