package api

import (
	"context"
	"sync"

	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/contract"
)

// Querier queries a workflow; the Temporal SDK's client.Client satisfies it.
type Querier interface {
	QueryWorkflow(ctx context.Context, workflowID, runID, queryType string, args ...any) (converter.EncodedValue, error)
}

// owners remembers the assignments found to be a provider's (an assignment
// never changes hands), for the recent ones.
type owners struct {
	mu    sync.Mutex
	known *bounded[bool]
}

func newOwners(capacity int) *owners { return &owners{known: newBounded[bool](capacity)} }

// ownership is what the case says of an assignment.
type ownership int

const (
	// unknownOwner: the case lists no such assignment (yet: an offer it
	// acknowledged is listed once accepted), or could not be asked; the event
	// goes on with its provider, and the case checks it.
	unknownOwner ownership = iota
	// ownAssignment: the case lists it under this provider.
	ownAssignment
	// foreignAssignment: the case lists it under other providers only.
	foreignAssignment
)

// ownerOf asks the mission's case (its outcome's scorecard) whose the
// assignment is, within Config.OwnerTimeout.
func (s *Server) ownerOf(ctx context.Context, provider, missionID, assignmentID string) ownership {
	key := provider + "\x00" + missionID + "\x00" + assignmentID
	s.owners.mu.Lock()
	_, known := s.owners.known.get(key)
	s.owners.mu.Unlock()
	if known {
		return ownAssignment
	}
	q, ok := s.cfg.Signaler.(Querier)
	if !ok {
		return unknownOwner
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.OwnerTimeout)
	defer cancel()
	v, err := q.QueryWorkflow(ctx, contract.WorkflowID(missionID), "", contract.QueryOutcome)
	var o contract.Outcome
	if err == nil {
		err = v.Get(&o)
	}
	if err != nil {
		s.cfg.Logger.Info("the case could not say whose the assignment is: it checks the event itself",
			"provider", provider, "mission_id", missionID, "assignment_id", assignmentID, "error", err)
		return unknownOwner
	}
	listed := false
	for _, a := range o.Scorecard {
		if a.AssignmentID != assignmentID {
			continue
		}
		if a.Provider == provider {
			s.owners.mu.Lock()
			s.owners.known.set(key, true)
			s.owners.mu.Unlock()
			return ownAssignment
		}
		listed = true
	}
	if listed {
		return foreignAssignment
	}
	return unknownOwner
}
