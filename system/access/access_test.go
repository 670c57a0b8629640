package access

import (
	"context"
	"crypto/x509/pkix"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	querypb "go.temporal.io/api/query/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/authorization"
	"google.golang.org/grpc"

	"github.com/valetops/assistance/contract"
)

const (
	caseID  = "breakdown-M-1"
	claimID = "warranty-M-1"
)

func update(workflowID, name string) *workflowservice.UpdateWorkflowExecutionRequest {
	return &workflowservice.UpdateWorkflowExecutionRequest{
		WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: workflowID},
		Request:           &updatepb.Request{Meta: &updatepb.Meta{}, Input: &updatepb.Input{Name: name}},
	}
}

func start(workflowID, workflowType string) *workflowservice.StartWorkflowExecutionRequest {
	return &workflowservice.StartWorkflowExecutionRequest{WorkflowId: workflowID, WorkflowType: &commonpb.WorkflowType{Name: workflowType}}
}

// call is one request to the frontend.
type call struct {
	name   string
	method string
	req    any
}

var calls = []call{
	{"list", "ListWorkflowExecutions", &workflowservice.ListWorkflowExecutionsRequest{}},
	{"history", "GetWorkflowExecutionHistory", &workflowservice.GetWorkflowExecutionHistoryRequest{}},
	{"query outcome", "QueryWorkflow", &workflowservice.QueryWorkflowRequest{Execution: &commonpb.WorkflowExecution{WorkflowId: caseID},
		Query: &querypb.WorkflowQuery{QueryType: contract.QueryOutcome}}},
	{"terminate", "TerminateWorkflowExecution", &workflowservice.TerminateWorkflowExecutionRequest{}},
	{"signal milestone", "SignalWorkflowExecution", &workflowservice.SignalWorkflowExecutionRequest{
		WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: caseID}, SignalName: contract.SignalMilestone}},
	{"qualify", "UpdateWorkflowExecution", update(caseID, contract.UpdateQualify)},
	{"decide", "UpdateWorkflowExecution", update(caseID, contract.UpdateDecide)},
	{"report", "UpdateWorkflowExecution", update(caseID, contract.UpdateReport)},
	{"diagnosis", "UpdateWorkflowExecution", update(claimID, contract.UpdateDiagnosis)},
	{"start a case", "StartWorkflowExecution", start(caseID, contract.WorkflowType)},
	{"report with start", "ExecuteMultiOperation", &workflowservice.ExecuteMultiOperationRequest{Operations: []*workflowservice.ExecuteMultiOperationRequest_Operation{
		{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_StartWorkflow{StartWorkflow: start(caseID, contract.WorkflowType)}},
		{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_UpdateWorkflow{UpdateWorkflow: update(caseID, contract.UpdateReport)}},
	}}},
	{"qualify with start", "ExecuteMultiOperation", &workflowservice.ExecuteMultiOperationRequest{Operations: []*workflowservice.ExecuteMultiOperationRequest_Operation{
		{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_StartWorkflow{StartWorkflow: start(caseID, contract.WorkflowType)}},
		{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_UpdateWorkflow{UpdateWorkflow: update(caseID, contract.UpdateQualify)}},
	}}},
	{"start another type", "StartWorkflowExecution", start("x-1", "Other")},
	{"poll a task", "PollWorkflowTaskQueue", &workflowservice.PollWorkflowTaskQueueRequest{}},
	{"register a namespace", "RegisterNamespace", &workflowservice.RegisterNamespaceRequest{}},
	{"health", "GetSystemInfo", &workflowservice.GetSystemInfoRequest{}},
}

// TestWhoMayDoWhat is the table of docs/security.md ("Temporal"): each role
// against each call.
func TestWhoMayDoWhat(t *testing.T) {
	want := map[contract.Role][]string{
		contract.RoleWorker: {"list", "history", "query outcome", "terminate", "signal milestone", "qualify", "decide", "report",
			"diagnosis", "start a case", "report with start", "qualify with start", "start another type", "poll a task", "health"},
		contract.RoleReporter: {"report", "start a case", "report with start", "health"},
		contract.RoleOps:      {"list", "history", "query outcome", "qualify", "decide", "health"},
		contract.RoleReader:   {"list", "history", "query outcome", "health"},
		contract.RoleAPI:      {"query outcome", "signal milestone", "decide", "diagnosis", "health"},
		contract.RoleSystem: {"list", "history", "query outcome", "terminate", "signal milestone", "qualify", "decide", "report",
			"diagnosis", "start a case", "report with start", "qualify with start", "start another type", "poll a task", "register a namespace", "health"},
	}
	for _, role := range contract.Roles() {
		var got []string
		for _, c := range calls {
			if ok, why := Allowed(role, "/temporal.api.workflowservice.v1.WorkflowService/"+c.method, c.req); ok {
				got = append(got, c.name)
			} else {
				assert.NotEmpty(t, why, "%s %s: a refusal says why", role, c.name)
			}
		}
		assert.Equal(t, want[role], got, role)
	}
	ok, _ := Allowed("boss", "/temporal.api.workflowservice.v1.WorkflowService/ListWorkflowExecutions", nil)
	assert.False(t, ok, "an unknown role does nothing")
}

func TestClaimsFromTheCertificate(t *testing.T) {
	c, err := ClaimMapper{}.GetClaims(&authorization.AuthInfo{TLSSubject: &pkix.Name{OrganizationalUnit: []string{"ops"}, CommonName: "marie"}})
	require.NoError(t, err)
	assert.Equal(t, contract.Principal{Role: contract.RoleOps, Subject: "marie"}, c.Extensions)
	for _, bad := range []*authorization.AuthInfo{
		nil, {}, {AuthToken: "Bearer x"},
		{TLSSubject: &pkix.Name{CommonName: "marie"}},
		{TLSSubject: &pkix.Name{OrganizationalUnit: []string{"boss"}, CommonName: "marie"}},
		{TLSSubject: &pkix.Name{OrganizationalUnit: []string{"ops", "reader"}, CommonName: "marie"}},
		{TLSSubject: &pkix.Name{OrganizationalUnit: []string{"ops"}}},
	} {
		_, err := ClaimMapper{}.GetClaims(bad)
		assert.Error(t, err, "%+v", bad)
	}
	r, err := Authorizer{}.Authorize(context.Background(), nil, &authorization.CallTarget{APIName: "/temporal.api.workflowservice.v1.WorkflowService/ListWorkflowExecutions"})
	require.NoError(t, err)
	assert.Equal(t, authorization.DecisionDeny, r.Decision, "no claims, no access")
	r, err = Authorizer{}.Authorize(context.Background(), c, &authorization.CallTarget{
		APIName: "/temporal.api.workflowservice.v1.WorkflowService/UpdateWorkflowExecution", Request: update(caseID, contract.UpdateQualify)})
	require.NoError(t, err)
	assert.Equal(t, authorization.DecisionAllow, r.Decision)
	assert.Equal(t, "ops", r.Principal.GetType())
	assert.Equal(t, "marie", r.Principal.GetName())
}

// TestIdentityIsStampedFromThePrincipal: whatever the client wrote in
// identity or in the principal header, the request goes on with the
// authenticated principal; without one, a forged header is removed.
func TestIdentityIsStampedFromThePrincipal(t *testing.T) {
	forged, err := contract.Principal{Role: contract.RoleAPI, Subject: "approval-page"}.Payload()
	require.NoError(t, err)
	newUpdate := func() *workflowservice.UpdateWorkflowExecutionRequest {
		u := update(caseID, contract.UpdateDecide)
		u.Request.Meta.Identity = "client, approval page"
		u.Request.Input.Header = &commonpb.Header{Fields: map[string]*commonpb.Payload{contract.HeaderPrincipal: forged}}
		return u
	}
	var seen any
	next := func(_ context.Context, req any) (any, error) { seen = req; return nil, nil }
	info := &grpc.UnaryServerInfo{}
	ops := &authorization.Claims{Extensions: contract.Principal{Role: contract.RoleOps, Subject: "marie"}}
	ctx := context.WithValue(context.Background(), authorization.MappedClaims, ops)

	_, err = Identity(ctx, newUpdate(), info, next)
	require.NoError(t, err)
	u := seen.(*workflowservice.UpdateWorkflowExecutionRequest)
	assert.Equal(t, "ops:marie", u.Request.Meta.Identity)
	p, ok := contract.PrincipalOf(u.Request.Input.Header.Fields)
	require.True(t, ok)
	assert.Equal(t, contract.Principal{Role: contract.RoleOps, Subject: "marie"}, p)

	signal := &workflowservice.SignalWorkflowExecutionRequest{Identity: "evil"}
	_, err = Identity(ctx, signal, info, next)
	require.NoError(t, err)
	assert.Equal(t, "ops:marie", signal.Identity)
	_, ok = contract.PrincipalOf(signal.Header.GetFields())
	assert.True(t, ok)

	_, err = Identity(context.Background(), newUpdate(), info, next)
	require.NoError(t, err)
	u = seen.(*workflowservice.UpdateWorkflowExecutionRequest)
	_, ok = contract.PrincipalOf(u.Request.Input.Header.Fields)
	assert.False(t, ok, "without authentication a forged principal is removed")
}

func TestPKIIssuesRoleCertificates(t *testing.T) {
	p, err := EnsurePKI(t.TempDir(), "assist.example")
	require.NoError(t, err)
	cfg, err := p.ClientTLS(contract.RoleReader, "auditor")
	require.NoError(t, err)
	require.Len(t, cfg.Certificates, 1)
	leaf := cfg.Certificates[0].Leaf
	if leaf == nil {
		t.Skip("no parsed leaf")
	}
	assert.Equal(t, []string{"reader"}, leaf.Subject.OrganizationalUnit)
	assert.Equal(t, "auditor", leaf.Subject.CommonName)
	again, err := EnsurePKI(p.Dir)
	require.NoError(t, err)
	assert.Equal(t, p.ca.Raw, again.ca.Raw, "the CA is made once, then reused")
	_, _, err = p.Client("boss", "x")
	assert.Error(t, err)
	_, _, err = p.Client(contract.RoleOps, "../x")
	assert.Error(t, err)
}

// BenchmarkAuthorizeAndStamp is what the authorizer and the identity stamp
// add to one Update on the frontend (the TLS handshake is once per
// connection; cmd/bench -secure measures the whole).
func BenchmarkAuthorizeAndStamp(b *testing.B) {
	ops := &authorization.Claims{Extensions: contract.Principal{Role: contract.RoleOps, Subject: "marie"}}
	ctx := context.WithValue(context.Background(), authorization.MappedClaims, ops)
	target := &authorization.CallTarget{APIName: "/temporal.api.workflowservice.v1.WorkflowService/UpdateWorkflowExecution"}
	next := func(context.Context, any) (any, error) { return nil, nil }
	info := &grpc.UnaryServerInfo{}
	for b.Loop() {
		u := update(caseID, contract.UpdateQualify)
		target.Request = u
		if r, _ := (Authorizer{}).Authorize(ctx, ops, target); r.Decision != authorization.DecisionAllow {
			b.Fatal("denied")
		}
		if _, err := Identity(ctx, u, info, next); err != nil {
			b.Fatal(err)
		}
	}
}
