package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// The undo list: every order the case places with the outside world (a
// dispatch, an accepted assignment, an additional service; next an offer, a
// taxi, a warranty repair) registers, where it is placed, how to take it back.
// When the case is cancelled, compensate walks the list in reverse on its
// disconnected context, so nothing ordered is forgotten.
//
// Use it where the order is placed, keyed by the order's idempotency key:
//
//	c.undos.push(order.IdempotencyKey, undo{ // before (or as) the order goes out
//		what:   "hotel at byd-assistance",
//		run:    func(ctx workflow.Context) error { return workflow.ExecuteActivity(withCompensation(ctx, "…"), acts.CancelX, x).Get(ctx, nil) },
//		undone: func(ctx workflow.Context) { c.trace(ctx, "x_cancelled", "…") },
//		byHand: "cancel the hotel at byd-assistance by hand (mission M-1)",
//	})
//	c.undos.push(order.IdempotencyKey, undo{…}) // the same key again: the order changed (it was
//	                                            // accepted, it has an id now); replaced in place
//	c.undos.drop(order.IdempotencyKey)          // the order ended by itself (refused, done,
//	                                            // expired): nothing is left to undo
//
// Register before the order's activity runs when a cancellation can reach the
// order in flight (the provider may hold it though its answer never came back),
// and drop it when the answer says nothing is held.

// undo takes back one order of the case.
type undo struct {
	// what names the order in the timeline: "could not cancel <what>: <error>".
	what string
	// run takes the order back: one compensating activity (under
	// withCompensation) on the disconnected context it is given; it returns the
	// activity's error. Its cancellation's reason is c.cancelReason().
	run func(ctx workflow.Context) error
	// undone, if set, records that the order was taken back (a timeline entry,
	// the case's state); called only when run succeeded.
	undone func(ctx workflow.Context)
	// byHand is the ops alert when run fails: what to undo by hand, and where.
	byHand string
}

// undoList is the case's undo list, in the order the orders were placed.
type undoList struct {
	keys  []string
	undos map[string]undo
}

// push registers the undo of the order keyed key; a key already in the list
// has its undo replaced, keeping its place.
func (l *undoList) push(key string, u undo) {
	if l.undos == nil {
		l.undos = map[string]undo{}
	}
	if _, ok := l.undos[key]; !ok {
		l.keys = append(l.keys, key)
	}
	l.undos[key] = u
}

// drop forgets the undo of an order that ended by itself; an unknown key is
// ignored.
func (l *undoList) drop(key string) {
	if _, ok := l.undos[key]; !ok {
		return
	}
	delete(l.undos, key)
	for i, k := range l.keys {
		if k == key {
			l.keys = append(l.keys[:i], l.keys[i+1:]...)
			break
		}
	}
}

// undoAll takes back every order still on the list, the last placed first, and
// empties the list. An undo that fails is traced and handed to ops; the walk
// goes on with the next. ctx is compensate's disconnected context.
func (c *caseRun) undoAll(ctx workflow.Context) {
	for i := len(c.undos.keys) - 1; i >= 0; i-- {
		u := c.undos.undos[c.undos.keys[i]]
		if err := u.run(ctx); err != nil {
			c.trace(ctx, "compensation_failed", "could not cancel %s: %v", u.what, err)
			c.alertOps(ctx, contract.AlertCompensationFailed, "%s", u.byHand)
			continue
		}
		if u.undone != nil {
			u.undone(ctx)
		}
	}
	c.undos = undoList{}
}

// cancelReason is the reason every cancellation of the case gives the provider.
func (c *caseRun) cancelReason() string {
	return "case cancelled by " + c.cancelBy + ": " + c.cancelWhy
}
