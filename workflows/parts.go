package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/contract"
)

// caseRun is one breakdown case while its workflow runs: its parts, wired
// together by newCaseRun. The workflow's code is the only writer; handlers and
// the Query read it.
type caseRun struct {
	file     *caseFile
	calls    *calls
	index    *indexer
	reports  *reports
	ops      *opsInbox
	notices  *notifier
	qual     *qualification
	position *locating
	routing  *routing
	approval *approval
	services *additionalServices
	dispatch *dispatch
	warranty *warrantySide
	closing  *closing
	requal   *requalifying
}

// newCaseRun wires the parts of a case from its validated report.
func newCaseRun(ctx workflow.Context, r contract.Report) *caseRun {
	k := &calls{}
	x := &indexer{calls: k}
	f := newCaseFile(ctx, r, x)
	x.file = f
	undos := &undoList{}
	c := &caseRun{file: f, calls: k, index: x}
	c.ops = &opsInbox{file: f, calls: k}
	undos.failed = c.ops
	c.notices = &notifier{file: f, calls: k, ops: c.ops}
	c.reports = &reports{file: f, calls: k, notices: c.notices, ops: c.ops}
	c.qual = &qualification{file: f, ops: c.ops, notices: c.notices}
	c.position = &locating{file: f, notices: c.notices, ops: c.ops}
	c.routing = &routing{file: f, calls: k}
	c.approval = &approval{file: f, notices: c.notices, ops: c.ops, routing: c.routing}
	c.services = &additionalServices{file: f, calls: k, notices: c.notices, ops: c.ops, routing: c.routing, undos: undos}
	c.dispatch = &dispatch{file: f, notices: c.notices, ops: c.ops, routing: c.routing, services: c.services, approval: c.approval,
		undos: undos, index: x}
	c.warranty = &warrantySide{file: f, calls: k, notices: c.notices, ops: c.ops, approval: c.approval, undos: undos}
	c.closing = &closing{file: f, notices: c.notices, ops: c.ops, approval: c.approval, index: x, undos: undos,
		qual: c.qual, dispatch: c.dispatch,
		record: &recorder{file: f, ops: c.ops, dispatch: c.dispatch, services: c.services}}
	c.requal = &requalifying{file: f, notices: c.notices, qual: c.qual, routing: c.routing, services: c.services,
		approval: c.approval, dispatch: c.dispatch, closing: c.closing}
	c.qual.requalifier = c.requal
	return c
}
