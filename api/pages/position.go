package pages

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

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
	token := r.PathValue("token")
	p.render(w, http.StatusOK, "position.html", page{T: t, Title: t["position_title"], Token: token, CSRF: p.cfg.Keys.FormToken(token)})
}

// locate sends the position to the case as the locate Update, with an Update
// id derived from the link: sent twice, it is taken once.
func (p *Pages) locate(w http.ResponseWriter, r *http.Request) {
	c, t, ok := p.open(w, r, links.Valet)
	if !ok {
		return
	}
	token := r.PathValue("token")
	if why := p.fromOurPage(r, token); why != "" {
		p.forged(w, r, t, why)
		return
	}
	data := page{T: t, Title: t["position_title"], Token: token, CSRF: p.cfg.Keys.FormToken(token)}
	pos, err := readPosition(r)
	if err != nil {
		// The page's own words: a NaN, an infinity or a latitude of 95 is
		// a 400 saying what a position must be, never an internal error.
		data.Refused = t["position_unreadable"]
		if errors.Is(err, errOutOfRange) {
			data.Refused = t["position_range"]
		}
		p.render(w, http.StatusBadRequest, "position.html", data)
		return
	}
	data.Position = fmt.Sprintf("%.5f, %.5f", pos.Lat, pos.Lon)
	if pos.AccuracyM != nil {
		data.Position += fmt.Sprintf(" (± %.0f %s)", *pos.AccuracyM, t["meters"])
	}
	var stage string
	err = p.update(r.Context(), c, UpdateLocate, "page-locate-"+links.ID(token), pos, &stage)
	if err != nil {
		words, ok := caseWords(err)
		if !ok {
			p.caseFailed(w, t, err)
			return
		}
		data.Refused = words
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
		return pos, fmt.Errorf("%w: lat and lon must be numbers", errOutOfRange)
	}
	if a, err := strconv.ParseFloat(r.PostFormValue("accuracy_m"), 64); err == nil && a >= 0 && !math.IsInf(a, 0) {
		pos.AccuracyM = &a
	}
	return pos, inRange(pos)
}

// errOutOfRange is a position that is not one: not numbers, NaN, infinite,
// or out of range.
var errOutOfRange = errors.New("latitude and longitude must be numbers, between -90 and 90 and between -180 and 180")

// inRange refuses NaN and infinities (every comparison with NaN is false: a
// range check alone lets it through) and coordinates out of range.
func inRange(pos Position) error {
	if !(pos.Lat >= -90 && pos.Lat <= 90 && pos.Lon >= -180 && pos.Lon <= 180) {
		return errOutOfRange
	}
	return nil
}
