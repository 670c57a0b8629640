package stack_test

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/system/access"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/pgtest"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// TestClusterShapeTLSAndRoles runs the whole system in the cluster shape —
// Temporal on PostgreSQL, mutual TLS for every process, authorization by
// role — and probes it as issue 23 did: a client without a certificate of
// the cluster cannot connect; a reader reads but cannot terminate, signal or
// update; a reporting service starts a case and sends report but cannot
// qualify (nor read); our API cannot qualify either; ops can, and the
// history and the case's trace name who did it as the frontend
// authenticated them, whatever the client wrote in identity or in the
// principal header. A decision ops send as the approval page is refused; the
// page's own (from our API) is traced as the client's.
func TestClusterShapeTLSAndRoles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and the whole system")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	pg := pgtest.ForTest(ctx, t)
	s, err := scenarios.Named("p01_valet_wrong_fuel.json")
	require.NoError(t, err)
	s.Ops = nil // ops qualify here, by hand
	// A vehicle with no assistance: the client is asked to approve paid options.
	approval, err := scenarios.Named("p07_no_assistance_client_silent.json")
	require.NoError(t, err)
	approval.Ops = nil
	// Scale 10: the case waits a minute for ops to qualify.
	st := systemtest.Start(ctx, t, stack.Config{Postgres: pg.URL, Secure: true, Scale: 10, Scenarios: []*scenario.Scenario{s, approval}})
	mission := s.Report.MissionID
	denied := func(t *testing.T, err error, what string) {
		t.Helper()
		var pd *serviceerror.PermissionDenied
		assert.True(t, errors.As(err, &pd), "%s: want permission denied, got %v", what, err)
	}

	t.Run("no certificate, no connection", func(t *testing.T) {
		other, err := access.EnsurePKI(t.TempDir())
		require.NoError(t, err)
		foreign, err := other.ClientTLS(contract.RoleSystem, "intruder")
		require.NoError(t, err)
		foreign.RootCAs = st.Server.PKI().RootTLS().RootCAs // it trusts our server, we do not trust its CA
		for name, tlsConfig := range map[string]*tls.Config{
			"plain gRPC":                nil,
			"TLS without a certificate": st.Server.PKI().RootTLS(),
			"another CA's certificate":  foreign,
		} {
			dialCtx, stop := context.WithTimeout(ctx, 5*time.Second)
			c, err := client.DialContext(dialCtx, client.Options{HostPort: st.Server.FrontendAddr(), Namespace: st.Server.Namespace(),
				Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)), ConnectionOptions: client.ConnectionOptions{TLS: tlsConfig}})
			stop()
			if err == nil {
				_, err = c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{})
				c.Close()
			}
			assert.Error(t, err, "%s reached the frontend", name)
		}
	})

	reporter, err := st.DialAs(ctx, contract.RoleReporter, "valet-app")
	require.NoError(t, err)
	defer reporter.Close()
	receipt, err := starter.New(reporter).Report(ctx, s.Report)
	require.NoError(t, err, "a reporting service starts a case with its report")
	assert.Contains(t, receipt.CaseID, contract.WorkflowID(mission)+"/")

	t.Run("the reporting service only reports", func(t *testing.T) {
		_, err := starter.New(reporter).Qualify(ctx, mission, contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine})
		denied(t, err, "qualify")
		_, err = starter.New(reporter).Outcome(ctx, mission)
		denied(t, err, "query")
		denied(t, reporter.TerminateWorkflow(ctx, contract.WorkflowID(mission), "", "probe"), "terminate")
		_, err = reporter.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "other-1", TaskQueue: contract.TaskQueue}, "SomethingElse")
		denied(t, err, "start another workflow type")
	})

	t.Run("a reader reads, nothing else", func(t *testing.T) {
		reader, err := st.DialAs(ctx, contract.RoleReader, "auditor")
		require.NoError(t, err)
		defer reader.Close()
		list, err := reader.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{})
		require.NoError(t, err)
		assert.NotEmpty(t, list.GetExecutions())
		_, err = starter.New(reader).Outcome(ctx, mission)
		require.NoError(t, err, "a reader queries")
		_, err = reader.DescribeWorkflowExecution(ctx, contract.WorkflowID(mission), "")
		require.NoError(t, err)
		denied(t, reader.TerminateWorkflow(ctx, contract.WorkflowID(mission), "", "probe"), "terminate")
		denied(t, reader.SignalWorkflow(ctx, contract.WorkflowID(mission), "", contract.SignalMilestone, contract.Milestone{}), "signal")
		_, err = starter.New(reader).Qualify(ctx, mission, contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine})
		denied(t, err, "update")
	})

	t.Run("our API cannot qualify", func(t *testing.T) {
		api, err := st.DialAs(ctx, contract.RoleAPI, "webhook-api-2")
		require.NoError(t, err)
		defer api.Close()
		_, err = starter.New(api).Qualify(ctx, mission, contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine})
		denied(t, err, "qualify")
		denied(t, api.TerminateWorkflow(ctx, contract.WorkflowID(mission), "", "probe"), "terminate")
		_, err = starter.New(api).Outcome(ctx, mission)
		require.NoError(t, err, "our API reads the outcome (the pages, whose assignment an event is)")
	})

	t.Run("ops qualify, and the history says who", func(t *testing.T) {
		ops, err := st.DialAs(ctx, contract.RoleOps, "marie")
		require.NoError(t, err)
		defer ops.Close()
		denied(t, ops.TerminateWorkflow(ctx, contract.WorkflowID(mission), "", "probe"), "ops terminate")
		denied(t, ops.SignalWorkflow(ctx, contract.WorkflowID(mission), "", contract.SignalMilestone, contract.Milestone{}), "ops signal")

		// Sent raw, claiming in identity and in the header to be the approval page.
		args, err := encryption.DataConverter(st.Server.Keys()).ToPayloads(contract.QualifyRequest{
			Origin: contract.OriginMechanical, Nature: contract.NatureEngine, Operator: "marie"})
		require.NoError(t, err)
		forged, err := contract.Principal{Role: contract.RoleAPI, Subject: "approval-page"}.Payload()
		require.NoError(t, err)
		_, err = ops.WorkflowService().UpdateWorkflowExecution(ctx, &workflowservice.UpdateWorkflowExecutionRequest{
			Namespace:         st.Server.Namespace(),
			WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: contract.WorkflowID(mission)},
			WaitPolicy:        &updatepb.WaitPolicy{LifecycleStage: enumspb.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED},
			Request: &updatepb.Request{
				Meta: &updatepb.Meta{UpdateId: "qualify-by-marie", Identity: "client, approval page"},
				Input: &updatepb.Input{Name: contract.UpdateQualify, Args: args,
					Header: &commonpb.Header{Fields: map[string]*commonpb.Payload{contract.HeaderPrincipal: forged}}},
			},
		})
		require.NoError(t, err, "ops qualify")

		var accepted *updatepb.Request
		var principal *commonpb.Principal
		it := ops.GetWorkflowHistory(ctx, contract.WorkflowID(mission), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			require.NoError(t, err)
			if a := ev.GetWorkflowExecutionUpdateAcceptedEventAttributes(); a != nil && a.GetAcceptedRequest().GetMeta().GetUpdateId() == "qualify-by-marie" {
				accepted, principal = a.GetAcceptedRequest(), ev.GetPrincipal()
			}
		}
		require.NotNil(t, accepted, "the qualify Update is in the history")
		assert.Equal(t, "ops:marie", accepted.GetMeta().GetIdentity(), "the identity is the authenticated one")
		got, ok := contract.PrincipalOf(accepted.GetInput().GetHeader().GetFields())
		require.True(t, ok)
		assert.Equal(t, contract.Principal{Role: contract.RoleOps, Subject: "marie"}, got, "the header the case reads names the authenticated principal")
		// The event itself is stamped with the principal of the transaction
		// that wrote it: the worker accepting the Update.
		if assert.NotNil(t, principal, "the history events carry the server's principal") {
			assert.Equal(t, "worker", principal.GetType())
		}
		o, err := starter.New(ops).Outcome(ctx, mission)
		require.NoError(t, err)
		assert.Equal(t, contract.QualifiedByOps, o.QualifiedBy)
		assert.Equal(t, `ops:marie (typed "marie") qualifies the breakdown: origin mechanical, nature engine`, step(o, "qualify_received").Reason,
			"the case's trace names the authenticated identity of whoever qualified it, not what the request claimed")
	})

	t.Run("a decision from ops is never the approval page's", func(t *testing.T) {
		other := approval.Report.MissionID
		_, err := starter.New(reporter).Report(ctx, approval.Report)
		require.NoError(t, err)
		ops, err := st.DialAs(ctx, contract.RoleOps, "marie")
		require.NoError(t, err)
		defer ops.Close()
		_, err = starter.New(ops).Qualify(ctx, other, contract.QualifyRequest{Origin: contract.OriginMechanical, Nature: contract.NatureEngine,
			Drivable: new(false), Operator: "marie"})
		require.NoError(t, err)
		for o, err := starter.New(ops).Outcome(ctx, other); o.Approval != contract.ApprovalPending; o, err = starter.New(ops).Outcome(ctx, other) {
			require.NoError(t, err)
			require.NotEqual(t, contract.StageClosed, o.Stage, "the case closed before asking the client")
			time.Sleep(100 * time.Millisecond)
		}

		_, err = starter.New(ops).Decide(ctx, other, contract.DecideRequest{Choose: "tow", By: contract.ByApprovalPage})
		require.Error(t, err, "ops cannot decide as the approval page")
		assert.Contains(t, err.Error(), `by: "client:approval_page" is reserved for the client's approval page; ops:marie cannot send it`)

		api, err := st.DialAs(ctx, contract.RoleAPI, "webhook-api")
		require.NoError(t, err)
		defer api.Close()
		got, err := starter.New(api).Decide(ctx, other, contract.DecideRequest{Choose: "tow", By: contract.ByApprovalPage})
		require.NoError(t, err, "the approval page decides, through our API")
		assert.Equal(t, contract.Approved("tow"), got)
		o, err := starter.New(ops).Outcome(ctx, other)
		require.NoError(t, err)
		assert.Equal(t, "the client, on the approval page: approved:tow", step(o, "decision_received").Reason)
		assert.Equal(t, 1, strings.Count(stepNames(o), "decision_received"), "the forged decision left no trace")
	})
}

// step is the first entry of a step in a case's trace.
func step(o contract.Outcome, name string) contract.TimelineEntry {
	for _, e := range o.Timeline {
		if e.Step == name {
			return e
		}
	}
	return contract.TimelineEntry{}
}

// stepNames names the steps of a case's trace, one a line.
func stepNames(o contract.Outcome) string {
	var b strings.Builder
	for _, e := range o.Timeline {
		b.WriteString(e.Step + "\n")
	}
	return b.String()
}
