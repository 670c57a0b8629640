package access

import (
	"context"

	commonpb "go.temporal.io/api/common/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"

	"github.com/valetops/assistance/contract"
)

// Identity is a frontend interceptor (temporal.WithChainedFrontendGrpcInterceptors;
// it runs after the authorizer) that makes the authenticated principal the
// only word on who sent a request: on every start, Signal, Update,
// cancellation, termination and reset it overwrites the request's identity
// with Principal.Identity, and on every start, Signal and Update it puts the
// principal in the contract.HeaderPrincipal header, overwriting whatever the
// client put there — so the case can trust it. The server's own requests
// (RoleSystem) are left as they are. Without a principal (no authorizer) it
// still removes a header a client forged.
func Identity(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	p, ok := principalOf(ctx)
	if ok && p.Role == contract.RoleSystem {
		return handler(ctx, req)
	}
	var stamp *commonpb.Payload
	if ok {
		var err error
		if stamp, err = p.Payload(); err != nil {
			return nil, err
		}
	}
	s := stamper{identity: p.Identity(), ok: ok, header: stamp}
	switch r := req.(type) {
	case *workflowservice.StartWorkflowExecutionRequest:
		s.start(r)
	case *workflowservice.SignalWorkflowExecutionRequest:
		s.setIdentity(&r.Identity)
		r.Header = s.stamp(r.Header)
	case *workflowservice.SignalWithStartWorkflowExecutionRequest:
		s.setIdentity(&r.Identity)
		r.Header = s.stamp(r.Header)
	case *workflowservice.UpdateWorkflowExecutionRequest:
		s.update(r)
	case *workflowservice.ExecuteMultiOperationRequest:
		for _, op := range r.GetOperations() {
			if start := op.GetStartWorkflow(); start != nil {
				s.start(start)
			}
			if update := op.GetUpdateWorkflow(); update != nil {
				s.update(update)
			}
		}
	case *workflowservice.RequestCancelWorkflowExecutionRequest:
		s.setIdentity(&r.Identity)
	case *workflowservice.TerminateWorkflowExecutionRequest:
		s.setIdentity(&r.Identity)
	case *workflowservice.ResetWorkflowExecutionRequest:
		s.setIdentity(&r.Identity)
	}
	return handler(ctx, req)
}

// stamper writes one principal on requests.
type stamper struct {
	identity string
	ok       bool
	header   *commonpb.Payload
}

func (s stamper) setIdentity(field *string) {
	if s.ok {
		*field = s.identity
	}
}

// stamp puts the principal in a header, or removes a forged one.
func (s stamper) stamp(h *commonpb.Header) *commonpb.Header {
	if h == nil {
		if !s.ok {
			return nil
		}
		h = &commonpb.Header{}
	}
	if h.Fields == nil {
		h.Fields = map[string]*commonpb.Payload{}
	}
	if s.ok {
		h.Fields[contract.HeaderPrincipal] = s.header
	} else {
		delete(h.Fields, contract.HeaderPrincipal)
	}
	return h
}

func (s stamper) start(r *workflowservice.StartWorkflowExecutionRequest) {
	s.setIdentity(&r.Identity)
	r.Header = s.stamp(r.Header)
}

func (s stamper) update(r *workflowservice.UpdateWorkflowExecutionRequest) {
	if r.Request == nil {
		return
	}
	if r.Request.Meta == nil {
		r.Request.Meta = &updatepb.Meta{}
	}
	s.setIdentity(&r.Request.Meta.Identity)
	if r.Request.Input == nil {
		r.Request.Input = &updatepb.Input{}
	}
	r.Request.Input.Header = s.stamp(r.Request.Input.Header)
}
