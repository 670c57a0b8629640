package pages

import (
	"context"
	"errors"
	"net/http"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/api/links"
)

// approvePage serves the client's approval page: the quoted options with
// their provider and price, approve one or decline.
func (p *Pages) approvePage(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.openCase(w, r, links.Client)
	if !ok {
		return
	}
	p.render(w, http.StatusOK, "approve.html", page{T: t, Title: t["approve_title"], Token: r.PathValue("token"), Case: v})
}

// approve sends the client's answer to the case as the decide Update. Its
// Update id is derived from the link: a double click, a reload or a second
// answer from the same link gets the first answer back and decides nothing
// more. A refusal from the case is shown in the case's own words.
func (p *Pages) approve(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Client)
	if !ok {
		return
	}
	if !sameOrigin(r) {
		p.fail(w, t, http.StatusForbidden, "error_forbidden")
		return
	}
	d := contract.DecideRequest{By: "client, approval page"}
	if r.PostFormValue("decline") != "" {
		d.Decline = true
	} else {
		d.Choose = r.PostFormValue("choose")
	}
	var answer string
	err := p.update(r.Context(), c, contract.UpdateDecide, "page-decide-"+links.ID(r.PathValue("token")), d, &answer)
	data := page{T: t, Title: t["approve_title"], Token: r.PathValue("token")}
	status := http.StatusOK
	if err != nil {
		var notFound *serviceerror.NotFound
		if errors.As(err, &notFound) || !refusal(err) {
			p.caseFailed(w, t, err)
			return
		}
		data.Refused = caseWords(err)
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

// caseWords is the case's own message in a refused Update, without the SDK's wrapping.
func caseWords(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Message()
	}
	return err.Error()
}

// refusal reports whether err is the case's own answer (a validator's
// refusal, the case being closed) rather than the case being unreachable.
func refusal(err error) bool {
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	switch {
	case errors.As(err, &unavailable), errors.As(err, &deadline),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return false
	}
	return true
}
