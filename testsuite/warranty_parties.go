package testsuite

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/simulation/scenario"
)

// ScriptedWarranty plays the repairer and the warranty manager as the
// scenario's repairer and warranty sections say: the event number at once,
// the diagnosis and the decision at their offsets from the report, sent to the
// claim as our API would send them. It remembers every idempotency key.
type ScriptedWarranty struct {
	Scenario *scenario.Scenario
	Clock    Clock
	// Send delivers an Update to a claim workflow (diagnosis or decision).
	Send func(claimWorkflowID, update string, arg any)

	mu          sync.Mutex
	keys        map[string]string
	Orders      []activities.RepairOrder
	Claims      []activities.ClaimSubmission
	Withdrawals []activities.Withdrawal
}

// AssignEventNumber answers with an event number for the mission.
func (w *ScriptedWarranty) AssignEventNumber(_ context.Context, req activities.EventNumberRequest) (activities.EventNumber, error) {
	ref, _ := w.remember(req.IdempotencyKey, func() string { return fmt.Sprintf("EV-%s-%s", req.Manager, req.MissionID) })
	return activities.EventNumber{EventNumber: ref}, nil
}

// OrderDiagnosis schedules the repairer's scripted diagnosis.
func (w *ScriptedWarranty) OrderDiagnosis(_ context.Context, o activities.RepairOrder) (activities.RepairReceipt, error) {
	ref, first := w.remember(o.IdempotencyKey, func() string { return "RO-" + o.MissionID })
	if first {
		w.mu.Lock()
		w.Orders = append(w.Orders, o)
		w.mu.Unlock()
		if d := w.Scenario.RepairerDiagnosisScript(); d != nil {
			diagnosis := d.Diagnosis()
			diagnosis.EventNumber, diagnosis.Repairer = o.EventNumber, o.Repairer
			w.Clock.After(untilOffset(o.ReportedAt, o.TowedAt, d.After), func() {
				w.Send(contract.ClaimWorkflowID(o.MissionID), contract.UpdateDiagnosis, diagnosis)
			})
		}
	}
	return activities.RepairReceipt{Reference: ref}, nil
}

// SubmitClaim schedules the manager's scripted decision.
func (w *ScriptedWarranty) SubmitClaim(_ context.Context, c activities.ClaimSubmission) (activities.ClaimReceipt, error) {
	ref, first := w.remember(c.IdempotencyKey, func() string { return "WC-" + c.MissionID })
	if first {
		w.mu.Lock()
		w.Claims = append(w.Claims, c)
		w.mu.Unlock()
		if d := w.Scenario.WarrantyDecisionScript(); d != nil {
			decision := d.Decision()
			decision.Manager = c.Manager
			w.Clock.After(untilOffset(c.ReportedAt, c.SubmittedAt, d.After), func() {
				w.Send(contract.ClaimWorkflowID(c.MissionID), contract.UpdateWarrantyDecision, decision)
			})
		}
	}
	return activities.ClaimReceipt{Reference: ref}, nil
}

// Withdraw records a withdrawal.
func (w *ScriptedWarranty) Withdraw(_ context.Context, wd activities.Withdrawal) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.Withdrawals = append(w.Withdrawals, wd)
	return nil
}

func (w *ScriptedWarranty) remember(key string, make func() string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.keys == nil {
		w.keys = map[string]string{}
	}
	if ref, ok := w.keys[key]; ok {
		return ref, false
	}
	w.keys[key] = make()
	return w.keys[key], true
}

// untilOffset is how long from now (the case time now, reported at reported)
// until the scripted offset from the report; never negative.
func untilOffset(reported, now string, offset scenario.Offset) time.Duration {
	r, err1 := time.Parse(time.RFC3339, reported)
	n, err2 := time.Parse(time.RFC3339, now)
	if err1 != nil || err2 != nil {
		return offset.Duration()
	}
	return max(offset.Duration()-n.Sub(r), 0)
}

var _ activities.Warranty = (*ScriptedWarranty)(nil)
