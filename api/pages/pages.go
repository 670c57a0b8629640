// Package pages serves the pages of a case on our API: the client's tracking
// and approval pages, the valet's position page and the owner's report. They
// are rendered on the server with html/template, every asset (style, the
// position page's few lines of script) is embedded and inlined, so a page is
// one small request on a phone. A page opens with a signed link (package
// links), never a login; its data comes from the case's outcome Query only.
// French by default, English when the browser asks for it; the texts of each
// language are in texts_fr.go and texts_en.go.
package pages

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"time"
	_ "time/tzdata" // the pages show times in the client's zone wherever the API runs

	"github.com/valetops/assistance/contract"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/api/links"
)

// Cases reaches the cases: the Temporal SDK's client.Client satisfies it.
type Cases interface {
	QueryWorkflow(ctx context.Context, workflowID, runID, queryType string, args ...any) (converter.EncodedValue, error)
	UpdateWorkflow(ctx context.Context, options client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error)
}

// Records reads what a closed case left behind, once Temporal no longer has
// it (package record implements it over the case record store).
type Records interface {
	// RecordedOutcome is the outcome the case was recorded with; found is
	// false when there is no record of it.
	RecordedOutcome(ctx context.Context, caseID string) (o contract.Outcome, found bool, err error)
	// ExportCSV writes the client's cases that broke down from from
	// (included) to to (excluded), one CSV line each.
	ExportCSV(ctx context.Context, w io.Writer, clientID string, from, to time.Time) error
}

// Config is what the pages need.
type Config struct {
	// Keys verify the links.
	Keys *links.Keyring
	// Cases reaches the cases.
	Cases Cases
	// Records reads a closed case once Temporal no longer has it (the
	// tracking and report pages) and serves the clients' exports; nil: the
	// pages read Temporal alone and serve no export.
	Records Records
	// Refresh is how often an open case's tracking page reloads (default 20 s).
	Refresh time.Duration
	// Zone is the time zone the pages show times in (default Europe/Paris).
	Zone *time.Location
	// Timeout bounds each call to a case (default 10 s).
	Timeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger logs the failures (default: discard).
	Logger *slog.Logger
	// Origins are the origins the pages are reached at from outside, e.g.
	// "https://assist.example.com" behind a proxy: a form is accepted from
	// one of them, or from the request's own host (fromOurPage).
	Origins []string
}

// Pages is the handler of the pages.
type Pages struct {
	cfg  Config
	tmpl *template.Template
}

//go:embed templates/*.html templates/*.css templates/*.js
var files embed.FS

// New parses the embedded templates and fills cfg's defaults.
func New(cfg Config) *Pages {
	if cfg.Refresh <= 0 {
		cfg.Refresh = 20 * time.Second
	}
	if cfg.Zone == nil {
		cfg.Zone, _ = time.LoadLocation("Europe/Paris")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	t := template.Must(template.New("").Funcs(template.FuncMap{
		"style":  func() template.CSS { return template.CSS(asset("templates/style.css")) },
		"script": func(name string) template.JS { return template.JS(asset("templates/" + name)) },
	}).ParseFS(files, "templates/*.html"))
	return &Pages{cfg: cfg, tmpl: t}
}

func asset(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Register adds the pages' routes to mux.
func (p *Pages) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+links.PathTrack+"{token}", p.track)
	mux.HandleFunc("GET "+links.PathApprove+"{token}", p.approvePage)
	mux.HandleFunc("POST "+links.PathApprove+"{token}", p.approve)
	mux.HandleFunc("GET "+links.PathPosition+"{token}", p.positionPage)
	mux.HandleFunc("POST "+links.PathPosition+"{token}", p.locate)
	mux.HandleFunc("GET "+links.PathReport+"{token}", p.report)
	mux.HandleFunc("GET "+links.PathExport+"{token}", p.export)
}

// page is what every template gets.
type page struct {
	T texts
	// Title is the page's title; Refresh, when set, reloads it every so many seconds.
	Title   string
	Refresh int
	// Error is the text of an error page.
	Error string
	// Token is the link's token, for the forms and links between the pages.
	Token string
	// CSRF is the form token of the link (links.Keyring.FormToken), sent
	// back by the page's forms.
	CSRF string
	// Case is the case as the page shows it.
	Case *view
	// Result and Refused are a form's outcome.
	Result  string
	Refused string
	// Position is the position sent, on the position page.
	Position string
}

// open checks the link of r for audience: on a refused link it answers the
// error page itself and returns false.
func (p *Pages) open(w http.ResponseWriter, r *http.Request, audience links.Audience) (links.Claims, texts, bool) {
	t := textsFor(r)
	c, err := p.cfg.Keys.Verify(r.PathValue("token"), p.cfg.Now())
	switch {
	case errors.Is(err, links.ErrExpired):
		p.fail(w, t, http.StatusGone, "error_expired")
	case err != nil:
		p.cfg.Logger.Warn("page link refused", "path", r.URL.Path, "error", err)
		p.fail(w, t, http.StatusForbidden, "error_forbidden")
	case c.Audience != audience:
		p.fail(w, t, http.StatusForbidden, "error_audience")
	default:
		return c, t, true
	}
	return links.Claims{}, t, false
}

// openCase checks the link of r for audience and reads its case as a page
// shows it; on a refused link or a case it cannot read it answers the error
// page itself and returns false.
func (p *Pages) openCase(w http.ResponseWriter, r *http.Request, audience links.Audience) (*view, texts, bool) {
	c, t, ok := p.open(w, r, audience)
	if !ok {
		return nil, t, false
	}
	o, err := p.outcome(r.Context(), c)
	if err != nil {
		p.caseFailed(w, t, err)
		return nil, t, false
	}
	return newView(o, t, p.cfg.Zone, p.cfg.Now()), t, true
}

// outcome queries the case of the link; once Temporal no longer has it, its
// record.
func (p *Pages) outcome(ctx context.Context, c links.Claims) (contract.Outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	var o contract.Outcome
	v, err := p.cfg.Cases.QueryWorkflow(ctx, c.WorkflowID(), c.RunID(), contract.QueryOutcome)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) && p.cfg.Records != nil {
		return p.recorded(ctx, c)
	}
	if err != nil {
		return o, err
	}
	if err := v.Get(&o); err != nil {
		return o, err
	}
	if o.CaseID != c.CaseID {
		// Never another case's data, whatever answered.
		return contract.Outcome{}, &serviceerror.NotFound{Message: "the case answered with another case id"}
	}
	return o, nil
}

// caseFailed answers the error page of a case that could not be read.
func (p *Pages) caseFailed(w http.ResponseWriter, t texts, err error) {
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		p.fail(w, t, http.StatusNotFound, "error_notfound")
		return
	}
	p.cfg.Logger.Error("case unreachable", "error", err)
	p.fail(w, t, http.StatusServiceUnavailable, "error_unavailable")
}

func (p *Pages) fail(w http.ResponseWriter, t texts, status int, key string) {
	p.render(w, status, "error.html", page{T: t, Title: t["error_title"], Error: t[key]})
}

// render executes a template into a buffer first, so a failing template never
// sends half a page.
func (p *Pages) render(w http.ResponseWriter, status int, name string, data page) {
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		p.cfg.Logger.Error("page failed", "template", name, "error", err)
		http.Error(w, "page failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// same-origin, not no-referrer: the link never leaves for another site,
	// and a form posted from the page carries its true Origin (with
	// no-referrer a browser sends "Origin: null", which fromOurPage refuses).
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Vary", "Accept-Language")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fromOurPage checks that a state-changing POST (approve, send a position)
// comes from one of our pages, not from another site posting with a link it
// holds (docs/security.md, "Pages"):
//
//   - Sec-Fetch-Site, when the browser sends it, must be same-origin;
//   - Origin, when sent, must be ours: the request's own scheme and host, or
//     one of Config.Origins; "Origin: null" (an opaque origin: a sandboxed
//     frame, a data: page, a redirect) is refused;
//   - with neither header (a browser too old to send them, a script), the
//     form must carry the page's form token (field csrf).
//
// It returns why a request is refused, or "".
func (p *Pages) fromOurPage(r *http.Request, token string) string {
	site, origin := r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Origin")
	switch {
	case site != "" && site != "same-origin":
		return "Sec-Fetch-Site is " + site
	case origin == "null":
		return "Origin is null"
	case origin != "":
		if !p.ourOrigin(r, origin) {
			return "Origin " + origin + " is not ours"
		}
		return ""
	case site == "same-origin":
		return ""
	case !p.cfg.Keys.CheckFormToken(token, r.PostFormValue("csrf")):
		return "no Origin, no Sec-Fetch-Site and no valid form token"
	}
	return ""
}

// ourOrigin reports whether origin is the request's own or a configured one.
func (p *Pages) ourOrigin(r *http.Request, origin string) bool {
	for _, scheme := range []string{"http://", "https://"} {
		if origin == scheme+r.Host {
			return true
		}
	}
	for _, o := range p.cfg.Origins {
		if origin == o {
			return true
		}
	}
	return false
}

// forged answers a refused cross-site POST.
func (p *Pages) forged(w http.ResponseWriter, r *http.Request, t texts, why string) {
	p.cfg.Logger.Warn("page form refused: not from our page", "path", r.URL.Path, "why", why)
	p.fail(w, t, http.StatusForbidden, "error_cross_site")
}
