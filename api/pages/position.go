package pages

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"go.temporal.io/api/serviceerror"

	"github.com/valetops/assistance/api/links"
)

// UpdateLocate is the Update that gives a case the vehicle's position
// (docs/contract.md): {lat, lon, accuracy_m?, source: valet|ops}.
const UpdateLocate = "locate"

// Position is the body of the locate Update.
type Position struct {
	Lat       float64  `json:"lat"`
	Lon       float64  `json:"lon"`
	AccuracyM *float64 `json:"accuracy_m,omitempty"`
	Source    string   `json:"source"`
}

// positionPage serves the valet's position page: the browser's position with
// its accuracy, and a field to type coordinates when the phone gives none.
func (p *Pages) positionPage(w http.ResponseWriter, r *http.Request) {
	_, t, ok := p.open(w, r, links.Valet)
	if !ok {
		return
	}
	p.render(w, http.StatusOK, "position.html", page{T: t, Title: t["position_title"], Token: r.PathValue("token")})
}

// locate sends the position to the case as the locate Update, with an Update
// id derived from the link: sent twice, it is taken once.
func (p *Pages) locate(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Valet)
	if !ok {
		return
	}
	if !sameOrigin(r) {
		p.fail(w, t, http.StatusForbidden, "error_forbidden")
		return
	}
	data := page{T: t, Title: t["position_title"], Token: r.PathValue("token")}
	pos, err := readPosition(r)
	if err != nil {
		data.Refused = t["position_unreadable"]
		p.render(w, http.StatusBadRequest, "position.html", data)
		return
	}
	data.Position = fmt.Sprintf("%.5f, %.5f", pos.Lat, pos.Lon)
	if pos.AccuracyM != nil {
		data.Position += fmt.Sprintf(" (± %.0f %s)", *pos.AccuracyM, t["meters"])
	}
	var stage string
	err = p.update(r.Context(), c, UpdateLocate, "page-locate-"+links.ID(r.PathValue("token")), pos, &stage)
	if err != nil {
		var notFound *serviceerror.NotFound
		if errors.As(err, &notFound) || !refusal(err) {
			p.caseFailed(w, t, err)
			return
		}
		data.Refused = caseWords(err)
		p.render(w, http.StatusConflict, "position.html", data)
		return
	}
	data.Result = t["position_thanks"]
	p.render(w, http.StatusOK, "position.html", data)
}

// coordinates finds "lat, lon" in typed text or a pasted map link
// (…/@48.85,2.35,17z, ?q=48.85,2.35, geo:48.85,2.35).
var coordinates = regexp.MustCompile(`(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)`)

// readPosition reads the form: lat, lon and accuracy_m from the browser, or
// the typed text "manual".
func readPosition(r *http.Request) (Position, error) {
	pos := Position{Source: "valet"}
	if manual := strings.TrimSpace(r.PostFormValue("manual")); manual != "" {
		m := coordinates.FindStringSubmatch(manual)
		if m == nil {
			return pos, errors.New("no coordinates in the text")
		}
		pos.Lat, _ = strconv.ParseFloat(m[1], 64)
		pos.Lon, _ = strconv.ParseFloat(m[2], 64)
		return pos, inRange(pos)
	}
	var err1, err2 error
	pos.Lat, err1 = strconv.ParseFloat(r.PostFormValue("lat"), 64)
	pos.Lon, err2 = strconv.ParseFloat(r.PostFormValue("lon"), 64)
	if err1 != nil || err2 != nil {
		return pos, errors.New("lat and lon must be numbers")
	}
	if a, err := strconv.ParseFloat(r.PostFormValue("accuracy_m"), 64); err == nil && a >= 0 {
		pos.AccuracyM = &a
	}
	return pos, inRange(pos)
}

func inRange(pos Position) error {
	if pos.Lat < -90 || pos.Lat > 90 || pos.Lon < -180 || pos.Lon > 180 {
		return errors.New("coordinates out of range")
	}
	return nil
}
