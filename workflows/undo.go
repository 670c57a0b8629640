package workflows

import "go.temporal.io/sdk/workflow"

// The undo list: every order a case (or a warranty claim) places with the
// outside world registers, where it is placed, how to take it back. When the
// case (the claim) is cancelled, the list is walked in reverse on a
// disconnected context, so nothing ordered is forgotten.
//
// Use it where the order is placed, keyed by the order's idempotency key:
//
//	undos.push(order.IdempotencyKey, undo{ // before (or as) the order goes out
//		what:   "hotel at byd-assistance",
//		takeBack: func(ctx workflow.Context, reason string) error { return workflow.ExecuteActivity(withCompensation(ctx, "…"), acts.CancelX, x).Get(ctx, nil) },
//		undone: func(ctx workflow.Context) { file.trace(ctx, "x_cancelled", "…") },
//		byHand: "cancel the hotel at byd-assistance by hand (mission M-1)",
//	})
//	undos.push(order.IdempotencyKey, undo{…}) // the same key again: the order changed (it was
//	                                          // accepted, it has an id now); replaced in place
//	undos.drop(order.IdempotencyKey)          // the order ended by itself (refused, done,
//	                                          // expired): nothing is left to undo
//
// Register before the order's activity runs when a cancellation can reach the
// order in flight (the provider may hold it though its answer never came back),
// and drop it when the answer says nothing is held.

// undo takes back one order.
type undo struct {
	// what names the order in the timeline: "could not cancel <what>: <error>".
	what string
	// takeBack takes the order back: one compensating activity (under
	// withCompensation) on the disconnected context it is given, for reason
	// (why the case is cancelled); it returns the activity's error.
	takeBack func(ctx workflow.Context, reason string) error
	// undone, if set, records that the order was taken back (a timeline entry,
	// the case's state); called only when takeBack succeeded.
	undone func(ctx workflow.Context)
	// byHand is what to undo by hand, and where, when takeBack fails.
	byHand string
}

// undoReporter hears of an undo that failed: the case traces it and alerts
// ops, a claim alerts ops.
type undoReporter interface {
	undoFailed(ctx workflow.Context, u undo, err error)
}

// undoList is an undo list, in the order the orders were placed.
type undoList struct {
	keys   []string
	undos  map[string]undo
	failed undoReporter
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

// undoAll takes back every order still on the list, the last placed first,
// for reason, and empties the list. An undo that fails is reported; the walk
// goes on with the next. ctx is a disconnected context.
func (l *undoList) undoAll(ctx workflow.Context, reason string) {
	for i := len(l.keys) - 1; i >= 0; i-- {
		u := l.undos[l.keys[i]]
		if err := u.takeBack(ctx, reason); err != nil {
			l.failed.undoFailed(ctx, u, err)
			continue
		}
		if u.undone != nil {
			u.undone(ctx)
		}
	}
	l.keys, l.undos = nil, nil
}
