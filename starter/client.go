// Package starter is the typed Go client other services use to start and drive
// breakdown cases: report a breakdown (idempotent: a report sent twice reaches
// the same case), qualify, decide, choose a service, override the decision,
// cancel, and read a case's outcome. It imports the SDK client only: never the
// Temporal server nor the provider simulator. Dial encrypts every payload with
// the same codec as the worker (package encryption).
package starter

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/encryption"
)

// Cases starts and drives breakdown cases.
type Cases struct {
	client    client.Client
	taskQueue string
}

// New returns a Cases on a connected client, for the default task queue.
func New(c client.Client) *Cases {
	return &Cases{client: c, taskQueue: contract.TaskQueue}
}

// WithTaskQueue returns a copy that starts cases on another task queue.
func (s *Cases) WithTaskQueue(q string) *Cases {
	c := *s
	c.taskQueue = q
	return &c
}

// Report opens the case of a breakdown, or reaches the running case of the same
// mission: the report is sent with update-with-start, and the workflow ID is
// derived from the mission ID. An invalid report is refused before anything
// starts, with an error naming the field.
func (s *Cases) Report(ctx context.Context, r contract.Report) (contract.ReportReceipt, error) {
	if err := r.Validate(); err != nil {
		return contract.ReportReceipt{}, err
	}
	// One update id for every attempt of this call: an attempt that reached the
	// case before its answer was lost gets the same answer again.
	updateID := uuid.NewString()
	var receipt contract.ReportReceipt
	err := retryTransient(ctx, func() (err error) {
		receipt, err = s.reportOnce(ctx, r, updateID)
		return err
	})
	return receipt, err
}

// retryTransient calls send until it succeeds, fails for good or has been
// tried reportAttempts times, waiting longer each time (0.2 s, 0.4 s, … up to
// 5 s: some 16 s in all, the time a busy server takes to move a shard).
// send must be safe to repeat: its Update carries one id for every attempt.
func retryTransient(ctx context.Context, send func() error) error {
	wait := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := send()
		if err == nil || !transient(err) || attempt == reportAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// reportAttempts bounds the attempts of one Report call or one Update.
const reportAttempts = 8

// transient reports whether a failed report may be sent again: the server was
// busy or the wait for the Update's answer was cut, not a refusal.
func transient(err error) bool {
	var timeout *client.WorkflowUpdateServiceTimeoutOrCanceledError
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	var exhausted *serviceerror.ResourceExhausted
	return errors.As(err, &timeout) || errors.As(err, &unavailable) || errors.As(err, &deadline) || errors.As(err, &exhausted)
}

// reportOnce sends the report with update-with-start.
func (s *Cases) reportOnce(ctx context.Context, r contract.Report, updateID string) (contract.ReportReceipt, error) {
	start := s.client.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       contract.WorkflowID(r.MissionID),
		TaskQueue:                s.taskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		StaticSummary:            fmt.Sprintf("Breakdown of %s (%s %s) on mission %s", r.Vehicle.Plate, r.Vehicle.Make, r.Vehicle.Model, r.MissionID),
		// The case's first search attributes, given with the start: the case
		// then has nothing to write at its first wait.
		TypedSearchAttributes: contract.StartSearchAttributes(r),
	}, contract.WorkflowType, r)
	h, err := s.client.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateID:     updateID,
			UpdateName:   contract.UpdateReport,
			Args:         []any{r},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err != nil {
		return contract.ReportReceipt{}, refusal(err)
	}
	var receipt contract.ReportReceipt
	return receipt, refusal(h.Get(ctx, &receipt))
}

// ReportJSON parses a report as the valet's app sends it (unknown fields are
// refused) and reports it.
func (s *Cases) ReportJSON(ctx context.Context, data []byte) (contract.ReportReceipt, error) {
	r, err := contract.ParseReport(data)
	if err != nil {
		return contract.ReportReceipt{}, err
	}
	return s.Report(ctx, r)
}

// Qualify sends ops' qualification of a mission's case.
func (s *Cases) Qualify(ctx context.Context, missionID string, q contract.QualifyRequest) (contract.Qualification, error) {
	var out contract.Qualification
	return out, s.update(ctx, missionID, contract.UpdateQualify, q, &out)
}

// Locate gives the position of a vehicle reported without one (the valet's
// position link, or ops by hand); it returns the case's stage.
func (s *Cases) Locate(ctx context.Context, missionID string, l contract.LocateRequest) (contract.Stage, error) {
	var out contract.Stage
	return out, s.update(ctx, missionID, contract.UpdateLocate, l, &out)
}

// Decide sends the client's decision on paid options; it returns the approval.
func (s *Cases) Decide(ctx context.Context, missionID string, d contract.DecideRequest) (string, error) {
	var out string
	return out, s.update(ctx, missionID, contract.UpdateDecide, d, &out)
}

// ChooseService sends the beneficiary's choice of additional service.
func (s *Cases) ChooseService(ctx context.Context, missionID string, c contract.ServiceChoice) (string, error) {
	var out string
	return out, s.update(ctx, missionID, contract.UpdateChooseService, c, &out)
}

// OverrideDecision replaces the proposed decision on the mission.
func (s *Cases) OverrideDecision(ctx context.Context, missionID string, o contract.OverrideRequest) (contract.MissionDecision, error) {
	var out contract.MissionDecision
	return out, s.update(ctx, missionID, contract.UpdateOverrideDecision, o, &out)
}

// Cancel cancels a mission's case; open assignments are cancelled at the
// provider. It returns the outcome once the case is closed.
func (s *Cases) Cancel(ctx context.Context, missionID string, c contract.CancelRequest) (contract.Outcome, error) {
	var out contract.Outcome
	return out, s.update(ctx, missionID, contract.UpdateCancel, c, &out)
}

// Resolve records what ops did about an alert that needs a person; the case
// closes once none is left, if its decision is already made and told.
func (s *Cases) Resolve(ctx context.Context, missionID string, r contract.ResolveRequest) (contract.OpsReceipt, error) {
	var out contract.OpsReceipt
	return out, s.update(ctx, missionID, contract.UpdateResolve, r, &out)
}

// Acknowledge records that ops have seen an informative alert.
func (s *Cases) Acknowledge(ctx context.Context, missionID string, r contract.AcknowledgeRequest) (contract.OpsReceipt, error) {
	var out contract.OpsReceipt
	return out, s.update(ctx, missionID, contract.UpdateAcknowledge, r, &out)
}

// Outcome returns where a mission's case stands, open or closed.
func (s *Cases) Outcome(ctx context.Context, missionID string) (contract.Outcome, error) {
	v, err := s.client.QueryWorkflow(ctx, contract.WorkflowID(missionID), "", contract.QueryOutcome)
	if err != nil {
		return contract.Outcome{}, refusal(err)
	}
	var out contract.Outcome
	return out, v.Get(&out)
}

// Wait blocks until a mission's case closes and returns its outcome.
func (s *Cases) Wait(ctx context.Context, missionID string) (contract.Outcome, error) {
	var out contract.Outcome
	err := s.client.GetWorkflow(ctx, contract.WorkflowID(missionID), "").Get(ctx, &out)
	if err != nil {
		// A cancelled case still has an outcome.
		if o, qerr := s.Outcome(ctx, missionID); qerr == nil && o.Stage == contract.StageClosed {
			return o, nil
		}
		return out, refusal(err)
	}
	return out, nil
}

// update sends an Update to the mission's case and waits for its answer; a
// busy server or a lost answer is tried again under the same update id, so
// the case applies the request once.
func (s *Cases) update(ctx context.Context, missionID, name string, arg, out any) error {
	updateID := uuid.NewString()
	return retryTransient(ctx, func() error {
		h, err := s.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
			WorkflowID:   contract.WorkflowID(missionID),
			UpdateID:     updateID,
			UpdateName:   name,
			Args:         []any{arg},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		})
		if err != nil {
			return refusal(err)
		}
		return refusal(h.Get(ctx, out))
	})
}

// Refused is a case's refusal of a request: a validator's message, word for word.
type Refused struct{ Message string }

// Error returns the validator's message.
func (r *Refused) Error() string { return r.Message }

// refusal turns a validator's rejection (an application error) into a Refused
// carrying its message unchanged.
func refusal(err error) error {
	if err == nil {
		return nil
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return &Refused{Message: app.Message()}
	}
	return err
}

// Dial connects to the Temporal server with every payload encrypted with keys,
// the codec the worker uses (package encryption; load the keys with
// encryption.LoadFile or encryption.FromEnv), and returns the typed client.
// Close it when done. Without keys it refuses: a case's report holds personal
// data that must not reach Temporal's database in clear (docs/privacy.md).
func Dial(ctx context.Context, opts client.Options, keys *encryption.Keys) (*Cases, error) {
	if keys == nil {
		return nil, errors.New("starter: payload keys are required (encryption.LoadFile or encryption.FromEnv)")
	}
	encryption.Configure(&opts, keys)
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, err
	}
	return New(c), nil
}

// Close closes the client underneath; call it on a Cases returned by Dial.
func (s *Cases) Close() { s.client.Close() }
