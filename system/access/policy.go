// Package access is who may do what on the Temporal frontend in the cluster
// shape (docs/security.md): every process presents a client certificate of
// the cluster's CA (mutual TLS), whose organizational unit is its role and
// whose common name is its subject; a claim mapper reads them, an authorizer
// lets each role do what Allowed says and nothing else, and an interceptor
// stamps the authenticated principal on every start, Signal and Update (the
// request's identity, and the contract.HeaderPrincipal header the case
// reads). It also makes the throwaway PKI the embedded server uses (PKI).
package access

import (
	"slices"
	"strings"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/api"
	"go.temporal.io/server/common/authorization"

	"github.com/valetops/assistance/contract"
)

const (
	workflowService = api.WorkflowServicePrefix
	operatorService = api.OperatorServicePrefix
)

// Allowed says whether role may call the frontend's method (its full gRPC
// name) with req, and why not:
//
//   - system (the server's own system worker, the namespace's set-up): everything;
//   - worker: everything on the workflow service and reading the operator service
//     (no namespace registration, no admin);
//   - reporter: start a case (BreakdownCase) and send it report, with
//     update-with-start or alone, and wait for the answer; nothing else;
//   - ops: read, and send a case the Updates of contract.OpsUpdates; nothing else
//     (no Signal, no termination, no cancellation, no reset, no start);
//   - reader: read (lists, counts, descriptions, queries, histories);
//   - api: send a case the milestone Signal and the pages' Updates (decide,
//     locate), send a warranty claim its parties' Updates, query a case's
//     outcome, wait for its Updates' answers.
//
// Reading means the frontend's read-only methods (go.temporal.io/server/common/api,
// AccessReadOnly). The health checks are open to every authenticated caller.
func Allowed(role contract.Role, method string, req any) (bool, string) {
	if authorization.IsHealthCheckAPI(method) {
		return true, ""
	}
	name := api.MethodName(method)
	meta := api.GetMethodMetadata(method)
	workflow := strings.HasPrefix(method, workflowService)
	readOnly := (workflow || strings.HasPrefix(method, operatorService)) && meta.Access == api.AccessReadOnly
	switch role {
	case contract.RoleSystem:
		return true, ""
	case contract.RoleWorker:
		if workflow && meta.Access != api.AccessAdmin || readOnly {
			return true, ""
		}
		return false, "the worker does not administer the cluster or the namespace"
	case contract.RoleReader:
		if readOnly {
			return true, ""
		}
		return false, "a reader only reads"
	case contract.RoleOps:
		if readOnly {
			return true, ""
		}
		if u, ok := req.(*workflowservice.UpdateWorkflowExecutionRequest); ok && name == "UpdateWorkflowExecution" {
			return updateOf(u, contract.OpsUpdates(), caseWorkflow)
		}
		return false, "ops read and send the cases their Updates (" + strings.Join(contract.OpsUpdates(), ", ") + "), nothing else"
	case contract.RoleReporter:
		return reporter(req)
	case contract.RoleAPI:
		return edge(req)
	}
	return false, "unknown role " + string(role)
}

// reporter: start cases and send report, nothing else.
func reporter(req any) (bool, string) {
	const why = "a reporting service starts cases and sends them report, nothing else"
	switch r := req.(type) {
	case *workflowservice.ExecuteMultiOperationRequest:
		if len(r.GetOperations()) == 0 {
			return false, why
		}
		for _, op := range r.GetOperations() {
			switch {
			case op.GetStartWorkflow() != nil:
				if ok, reason := startOf(op.GetStartWorkflow()); !ok {
					return false, reason
				}
			case op.GetUpdateWorkflow() != nil:
				if ok, reason := updateOf(op.GetUpdateWorkflow(), []string{contract.UpdateReport}, caseWorkflow); !ok {
					return false, reason
				}
			default:
				return false, why
			}
		}
		return true, ""
	case *workflowservice.StartWorkflowExecutionRequest:
		return startOf(r)
	case *workflowservice.UpdateWorkflowExecutionRequest:
		return updateOf(r, []string{contract.UpdateReport}, caseWorkflow)
	case *workflowservice.PollWorkflowExecutionUpdateRequest:
		return caseWorkflow(r.GetUpdateRef().GetWorkflowExecution().GetWorkflowId()), why
	}
	return false, why
}

// edge: what our HTTP API sends on behalf of the providers, the pages and
// the warranty parties.
func edge(req any) (bool, string) {
	switch r := req.(type) {
	case *workflowservice.SignalWorkflowExecutionRequest:
		if r.GetSignalName() == contract.SignalMilestone && caseWorkflow(r.GetWorkflowExecution().GetWorkflowId()) {
			return true, ""
		}
		return false, "our API sends a case the milestone Signal only"
	case *workflowservice.UpdateWorkflowExecutionRequest:
		id := r.GetWorkflowExecution().GetWorkflowId()
		if claimWorkflow(id) {
			return updateOf(r, []string{contract.UpdateDiagnosis, contract.UpdateWarrantyDecision}, claimWorkflow)
		}
		return updateOf(r, []string{contract.UpdateDecide, contract.UpdateLocate}, caseWorkflow)
	case *workflowservice.QueryWorkflowRequest:
		if r.GetQuery().GetQueryType() == contract.QueryOutcome && caseWorkflow(r.GetExecution().GetWorkflowId()) {
			return true, ""
		}
		return false, "our API queries a case's outcome only"
	case *workflowservice.PollWorkflowExecutionUpdateRequest:
		id := r.GetUpdateRef().GetWorkflowExecution().GetWorkflowId()
		return caseWorkflow(id) || claimWorkflow(id), "our API waits for its own Updates only"
	}
	return false, "our API signals milestones, sends the pages' and the warranty parties' Updates and queries outcomes, nothing else"
}

// startOf allows the start of a case.
func startOf(r *workflowservice.StartWorkflowExecutionRequest) (bool, string) {
	if r.GetWorkflowType().GetName() == contract.WorkflowType && caseWorkflow(r.GetWorkflowId()) {
		return true, ""
	}
	return false, "only a case (" + contract.WorkflowType + ", workflow id " + contract.WorkflowID("MISSION") + ") may be started"
}

// updateOf allows an Update among names to a workflow of the right kind.
func updateOf(r *workflowservice.UpdateWorkflowExecutionRequest, names []string, kind func(string) bool) (bool, string) {
	name := r.GetRequest().GetInput().GetName()
	if !kind(r.GetWorkflowExecution().GetWorkflowId()) {
		return false, "not a workflow this role may update"
	}
	if !slices.Contains(names, name) {
		return false, "the Update " + name + " is not one of " + strings.Join(names, ", ")
	}
	return true, ""
}

// caseWorkflow reports whether id is a case's workflow id.
func caseWorkflow(id string) bool {
	return strings.HasPrefix(id, contract.WorkflowID("")) && len(id) > len(contract.WorkflowID(""))
}

// claimWorkflow reports whether id is a warranty claim's workflow id.
func claimWorkflow(id string) bool {
	return strings.HasPrefix(id, contract.ClaimWorkflowID("")) && len(id) > len(contract.ClaimWorkflowID(""))
}
