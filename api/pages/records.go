package pages

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/serviceerror"

	"github.com/valetops/assistance/api/links"
)

// recorded is the case of the link as its record keeps it: what the
// tracking and report pages show of a case Temporal no longer has.
func (p *Pages) recorded(ctx context.Context, c links.Claims) (contract.Outcome, error) {
	o, found, err := p.cfg.Records.RecordedOutcome(ctx, c.CaseID)
	switch {
	case err != nil:
		return contract.Outcome{}, fmt.Errorf("the record of %s: %w", c.CaseID, err)
	case !found:
		return contract.Outcome{}, &serviceerror.NotFound{Message: "no case and no record of " + c.CaseID}
	case o.CaseID != c.CaseID:
		return contract.Outcome{}, &serviceerror.NotFound{Message: "the record holds another case id"}
	}
	return o, nil
}

// export serves a client's export link: its cases of the link's period, as a
// CSV download (one line per case, as `starter export` writes it).
func (p *Pages) export(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Export)
	if !ok {
		return
	}
	from, errFrom := time.Parse(time.RFC3339, c.From)
	to, errTo := time.Parse(time.RFC3339, c.To)
	switch {
	case errFrom != nil || errTo != nil:
		p.fail(w, t, http.StatusForbidden, "error_forbidden")
		return
	case p.cfg.Records == nil:
		p.fail(w, t, http.StatusNotFound, "error_notfound")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 4*p.cfg.Timeout)
	defer cancel()
	// Written to a buffer first: a failing store never sends half a file.
	var buf bytes.Buffer
	if err := p.cfg.Records.ExportCSV(ctx, &buf, c.ClientID, from, to); err != nil {
		p.cfg.Logger.Error("export failed", "client", c.ClientID, "error", err)
		p.fail(w, t, http.StatusServiceUnavailable, "error_unavailable")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="cases-%s-%s-%s.csv"`, c.ClientID,
		from.Format(contract.DateLayout), to.Add(-time.Second).Format(contract.DateLayout)))
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}
