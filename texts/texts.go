// Package texts holds every word the client and the valet read, in each
// language: the pages' texts (api/pages) and the notices' templates (the
// notifier renders a notice from its kind and its facts, contract.NoticeFacts).
// The workflow sends a notice's kind and facts, never prose; pages and notices
// say the same things in the same words, in the client's language (French by
// default), with identifiers turned into words ("chez un réparateur agréé",
// not authorised_repairer) and durations counted in the case's own time.
package texts

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"
	_ "time/tzdata" // notices show times in the client's zone wherever the worker runs
	"unicode"
	"unicode/utf8"

	"github.com/valetops/assistance/contract"
)

// The languages of the catalogues.
const (
	French  = "fr"
	English = "en"
)

// DefaultZone is the zone notices show times in when none is given.
const DefaultZone = "Europe/Paris"

// Catalogue is every text of one language, by key. A catalogue is shared:
// never change it.
type Catalogue map[string]string

var catalogues = map[string]Catalogue{French: french, English: english}

// Languages lists the languages, the default first.
func Languages() []string { return []string{French, English} }

// Known reports whether lang has a catalogue.
func Known(lang string) bool {
	_, ok := catalogues[lang]
	return ok
}

// For returns the catalogue of lang, or the French one when lang has none.
func For(lang string) Catalogue {
	if c, ok := catalogues[lang]; ok {
		return c
	}
	return french
}

// Lang is the catalogue's language ("fr", "en").
func (c Catalogue) Lang() string { return c["lang"] }

// Word is c[prefix+value], or the value itself when the language has no word
// for it.
func (c Catalogue) Word(prefix, value string) string {
	if w, ok := c[prefix+value]; ok {
		return w
	}
	return value
}

// Price writes euros the reader's way: "180,00 €" in French, "€180.00" in English.
func (c Catalogue) Price(eur float64) string {
	if c.Lang() == French {
		return strings.Replace(fmt.Sprintf("%.2f", eur), ".", ",", 1) + " €"
	}
	return fmt.Sprintf("€%.2f", eur)
}

// Duration writes minutes of the case's own time: "15 min", "1 h 30", "2 h".
func (c Catalogue) Duration(minutes int) string {
	switch {
	case minutes < 60:
		return fmt.Sprintf("%d min", minutes)
	case minutes%60 == 0:
		return fmt.Sprintf("%d h", minutes/60)
	case c.Lang() == French:
		return fmt.Sprintf("%d h %02d", minutes/60, minutes%60)
	default:
		return fmt.Sprintf("%d h %d min", minutes/60, minutes%60)
	}
}

// ApprovalReason says in words why the client pays (contract.ApprovalReason*,
// or not_covered:REASON).
func (c Catalogue) ApprovalReason(reason string) string {
	if reason == "" {
		return ""
	}
	if w, ok := c["approval_reason_"+reason]; ok {
		return w
	}
	if strings.HasPrefix(reason, "not_covered:") {
		return c["approval_reason_not_covered"]
	}
	return reason
}

// Rendered is a notice written in one language.
type Rendered struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Notice writes a client notice of kind from its facts in lang (French when
// lang has no catalogue), times in zone (nil: Europe/Paris). An unknown kind
// is an error naming it.
func Notice(lang string, kind contract.NoticeKind, f contract.NoticeFacts, zone *time.Location) (Rendered, error) {
	return render(lang, "notice_", string(kind), f, zone)
}

// ValetNotice writes a notice to the valet's app, like Notice.
func ValetNotice(lang string, kind contract.ValetNoticeKind, f contract.NoticeFacts, zone *time.Location) (Rendered, error) {
	return render(lang, "valet_", string(kind), f, zone)
}

func render(lang, prefix, kind string, f contract.NoticeFacts, zone *time.Location) (Rendered, error) {
	c := For(lang)
	if zone == nil {
		zone = defaultZone
	}
	name := prefix + "body_" + kind
	if templates[c.Lang()].Lookup(name) == nil {
		return Rendered{}, fmt.Errorf("no template for the %snotice kind %q", strings.TrimSuffix(prefix, "_")+" ", kind)
	}
	// A clone per notice: the zone is the notice's, and notices render at once.
	tmpl, err := templates[c.Lang()].Clone()
	if err != nil {
		return Rendered{}, err
	}
	var b bytes.Buffer
	if err := tmpl.Funcs(funcs(c, zone)).ExecuteTemplate(&b, name, f); err != nil {
		return Rendered{}, fmt.Errorf("notice %s: %w", kind, err)
	}
	return Rendered{Lang: c.Lang(), Title: c.Word(prefix, kind), Body: b.String()}, nil
}

var defaultZone = func() *time.Location {
	z, err := time.LoadLocation(DefaultZone)
	if err != nil {
		return time.UTC
	}
	return z
}()

// templates are the notices' bodies of each language, parsed once.
var templates = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for lang, c := range catalogues {
		root := template.New(lang).Funcs(funcs(c, time.UTC))
		for key, text := range c {
			if strings.HasPrefix(key, "notice_body_") || strings.HasPrefix(key, "valet_body_") {
				template.Must(root.New(key).Parse(text))
			}
		}
		out[lang] = root
	}
	return out
}()

// funcs are the words a template may use.
func funcs(c Catalogue, zone *time.Location) template.FuncMap {
	return template.FuncMap{
		"word":     func(prefix string, v any) string { return c.Word(prefix, fmt.Sprint(v)) },
		"cap":      capitalised,
		"duration": c.Duration,
		"reason":   c.ApprovalReason,
		"clock": func(rfc3339 string) string {
			t, err := time.Parse(time.RFC3339, rfc3339)
			if err != nil {
				return rfc3339
			}
			return t.In(zone).Format("15:04")
		},
		"day": func(date string) string {
			t, err := time.Parse(time.DateOnly, date)
			if err != nil {
				return date
			}
			return t.Format("02/01/2006")
		},
		"options": func(os []contract.Option) string {
			parts := make([]string, len(os))
			for i, o := range os {
				parts[i] = fmt.Sprintf("%s (%s, %s)", c.Word("option_", o.Option), c.Price(o.PriceEUR), o.Provider)
			}
			return strings.Join(parts, ", ")
		},
		"rates": func(country string) string {
			if w, ok := c["rates_"+country]; ok {
				return w
			}
			return c["rates_other"]
		},
		"warranty": func(state string, covered, share int) string {
			switch {
			case state == contract.WarrantyCovered:
				return c["warranty_covered"]
			case strings.HasPrefix(state, "partial:"):
				return fmt.Sprintf(c["warranty_partial_fmt"], c.Price(float64(covered)), c.Price(float64(share)))
			case strings.HasPrefix(state, "refused:"):
				return fmt.Sprintf(c["warranty_refused_fmt"], c.Word("refusal_", strings.TrimPrefix(state, "refused:")))
			}
			return state
		},
	}
}

// capitalised puts the first letter in upper case.
func capitalised(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
