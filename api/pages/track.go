package pages

import (
	"net/http"

	"github.com/valetops/assistance/api/links"
)

// track serves the client's tracking page: where the case stands, what the
// client was told, the assistance and its ETA, where the vehicle went and the
// decision on the mission. It reloads itself while the case is open.
func (p *Pages) track(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.openCase(w, r, links.Client)
	if !ok {
		return
	}
	data := page{T: t, Title: t["where_title"], Token: r.PathValue("token"), Case: v}
	if !v.Closed {
		data.Refresh = max(1, int(p.cfg.Refresh.Seconds()))
	}
	p.render(w, http.StatusOK, "track.html", data)
}

// report serves the owner's printable report: every field of the outcome and
// the whole trace.
func (p *Pages) report(w http.ResponseWriter, r *http.Request) {
	v, t, ok := p.openCase(w, r, links.Owner)
	if !ok {
		return
	}
	p.render(w, http.StatusOK, "report.html", page{T: t, Title: t["report_title"] + " " + v.O.MissionID, Case: v})
}
