package pages

import (
	"context"
	"errors"
	"net/http"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/api/links"
)

// approvePage serves the approver's page: the quoted options with their
// provider and price, approve one or decline. It opens with the approval link
// only (audience approver): the tracking link cannot approve.
func (p *Pages) approvePage(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.openCase(w, r, links.Approver)
	if !ok {
		return
	}
	token := r.PathValue("token")
	p.render(w, http.StatusOK, "approve.html", page{T: t, Title: t["approve_title"], Token: token, CSRF: p.cfg.Keys.FormToken(token), Case: v})
}

// approve sends the client's answer to the case as the decide Update. Its
// Update id is derived from the link: a double click, a reload or a second
// answer from the same link gets the first answer back and decides nothing
// more. A refusal from the case is shown in the case's own words.
//
// The decision's by is contract.ByApprovalPage, set here from the link's
// audience: a service or ops cannot pass for the page (the case checks who
// sent it, contract.DecideRequest.CheckSender).
func (p *Pages) approve(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Approver)
	if !ok {
		return
	}
	token := r.PathValue("token")
	if why := p.fromOurPage(r, token); why != "" {
		p.forged(w, r, t, why)
		return
	}
	d := contract.DecideRequest{By: contract.ByApprovalPage}
	if r.PostFormValue("decline") != "" {
		d.Decline = true
	} else {
		d.Choose = r.PostFormValue("choose")
	}
	var answer string
	err := p.update(r.Context(), c, contract.UpdateDecide, "page-decide-"+links.ID(token), d, &answer)
	data := page{T: t, Title: t["approve_title"], Token: token, CSRF: p.cfg.Keys.FormToken(token)}
	status := http.StatusOK
	if err != nil {
		words, ok := caseWords(err)
		if !ok {
			p.caseFailed(w, t, err)
			return
		}
		data.Refused = words
		status = http.StatusConflict
	} else {
		data.Result = approval(answer, t)
	}
	if o, err := p.outcome(r.Context(), c); err == nil {
		data.Case = newView(o, t, p.cfg.Zone, p.cfg.Now())
	}
	p.render(w, status, "approve.html", data)
}

// update sends an Update to the link's case and waits for its answer.
func (p *Pages) update(ctx context.Context, c links.Claims, name, id string, arg, answer any) error {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	h, err := p.cfg.Cases.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		UpdateID: id, WorkflowID: c.WorkflowID(), RunID: c.RunID(), UpdateName: name,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return err
	}
	return h.Get(ctx, answer)
}

// caseWords is the case's own message in a refused Update (a validator's or
// a handler's refusal), without the SDK's wrapping; false for any other
// error (the case not found, unreachable, a permission): those are answered
// by caseFailed, in the page's words, never with an internal error's text.
func caseWords(err error) (string, bool) {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Message(), true
	}
	return "", false
}
