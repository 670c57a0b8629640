package pages

import (
	"net/http"

	"github.com/valetops/assistance/links"
)

// track serves the client's tracking page: where the case stands, what the
// client was told, the assistance and its ETA, where the vehicle went and the
// decision on the mission. It reloads itself while the case is open.
func (p *Pages) track(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Client)
	if !ok {
		return
	}
	o, err := p.outcome(r.Context(), c)
	if err != nil {
		p.caseFailed(w, t, err)
		return
	}
	v := newView(o, t, p.cfg.Zone, p.cfg.Now())
	data := page{T: t, Title: t["where_title"], Token: r.PathValue("token"), Case: v}
	if !v.Closed {
		data.Refresh = max(1, int(p.cfg.Refresh.Seconds()))
	}
	p.render(w, http.StatusOK, "track.html", data)
}

// report serves the owner's printable report: every field of the outcome and
// the whole trace.
func (p *Pages) report(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Owner)
	if !ok {
		return
	}
	o, err := p.outcome(r.Context(), c)
	if err != nil {
		p.caseFailed(w, t, err)
		return
	}
	v := newView(o, t, p.cfg.Zone, p.cfg.Now())
	p.render(w, http.StatusOK, "report.html", page{T: t, Title: t["report_title"] + " " + o.MissionID, Case: v})
}
