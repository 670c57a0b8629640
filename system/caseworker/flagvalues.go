package caseworker

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/providers"
	"github.com/valetops/assistance/texts"
)

// The flag.Value types below bind a flag to a field of Flags, so that one
// table (options, in flags.go) both defines the flags and prints them back.
// A repeatable flag also lists its values one by one (repeated).

// repeated is a flag given once per entry (CLIENT=…); each entry is printed
// back as its own flag.
type repeated interface {
	entries() []string
}

type textValue struct{ p *string }

func (v textValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}
func (v textValue) Set(s string) error { *v.p = s; return nil }

type secretValue struct{ p *[]byte }

func (v secretValue) String() string {
	if v.p == nil {
		return ""
	}
	return string(*v.p)
}
func (v secretValue) Set(s string) error { *v.p = []byte(s); return nil }

type durationValue struct{ p *time.Duration }

func (v durationValue) String() string {
	if v.p == nil {
		return "0s"
	}
	return v.p.String()
}
func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("expected a duration such as 90s or 4h, got %q", s)
	}
	*v.p = d
	return nil
}

type floatValue struct{ p *float64 }

func (v floatValue) String() string {
	if v.p == nil {
		return "0"
	}
	return strconv.FormatFloat(*v.p, 'g', -1, 64)
}
func (v floatValue) Set(s string) error {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return fmt.Errorf("expected a positive number, got %q", s)
	}
	*v.p = f
	return nil
}

type intValue struct{ p *int }

func (v intValue) String() string {
	if v.p == nil {
		return "0"
	}
	return strconv.Itoa(*v.p)
}
func (v intValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("expected a whole number, got %q", s)
	}
	*v.p = n
	return nil
}

// linkKeysValue keeps the text of -link-keys (to print it back) and the
// keyring it parses to.
type linkKeysValue struct{ f *Flags }

func (v linkKeysValue) String() string {
	if v.f == nil {
		return ""
	}
	return v.f.LinkKeys
}
func (v linkKeysValue) Set(s string) error {
	v.f.LinkKeys, v.f.Config.LinkKeys = s, nil
	if s == "" {
		return nil
	}
	keys, err := links.ParseKeys(s)
	if err != nil {
		return err
	}
	v.f.Config.LinkKeys = keys
	return nil
}

// entriesValue reads NAME=VALUE into a map, one entry per flag: a client's or
// a provider's own setting.
type entriesValue[V any] struct {
	m *map[string]V
	// parse reads the part after "="; false refuses it.
	parse func(string) (V, bool)
	// format prints a value back as parse reads it.
	format func(V) string
	// example is the expected form, e.g. "CLIENT=DURATION such as C-LEASECO=45m".
	example string
}

func (v entriesValue[V]) String() string { return strings.Join(v.entries(), " ") }
func (v entriesValue[V]) Set(s string) error {
	name, rest, ok := strings.Cut(s, "=")
	value, valid := v.parse(rest)
	if !ok || name == "" || !valid {
		return fmt.Errorf("expected %s, got %q", v.example, s)
	}
	if *v.m == nil {
		*v.m = map[string]V{}
	}
	(*v.m)[name] = value
	return nil
}
func (v entriesValue[V]) entries() []string {
	if v.m == nil {
		return nil
	}
	return sortedEntries(*v.m, v.format)
}

// windowsValue reads NAME=DURATION (what names NAME: CLIENT or PROVIDER).
func windowsValue(m *map[string]time.Duration, what string) flag.Value {
	return entriesValue[time.Duration]{m: m, parse: positiveDuration, format: time.Duration.String,
		example: what + "=DURATION such as " + what + "=45m"}
}

// clientWebhooksValue reads CLIENT=URL,SECRET: a client's own notices webhook.
func clientWebhooksValue(m *map[string]providers.ClientWebhook) flag.Value {
	return webhooksValue(m, "CLIENT=URL,SECRET such as C-LEASECO=https://leaseco.example/notices,s3cret")
}

// ownerWebhooksValue reads OWNER=URL,SECRET: an owner's or lessor's own webhook.
func ownerWebhooksValue(m *map[string]providers.ClientWebhook) flag.Value {
	return webhooksValue(m, "OWNER=URL,SECRET such as C-LEASECO=https://leaseco.example/reports,s3cret")
}

// webhooksValue reads NAME=URL,SECRET entries.
func webhooksValue(m *map[string]providers.ClientWebhook, example string) flag.Value {
	return entriesValue[providers.ClientWebhook]{m: m,
		parse: func(s string) (providers.ClientWebhook, bool) {
			url, secret, ok := strings.Cut(s, ",")
			return providers.ClientWebhook{URL: url, Secret: []byte(secret)}, ok && url != "" && secret != ""
		},
		format:  func(w providers.ClientWebhook) string { return w.URL + "," + string(w.Secret) },
		example: example,
	}
}

// languagesValue reads CLIENT=LANG: a client's language (package texts).
func languagesValue(m *map[string]string) flag.Value {
	return entriesValue[string]{m: m,
		parse:   func(s string) (string, bool) { return s, texts.Known(s) },
		format:  func(l string) string { return l },
		example: "CLIENT=" + strings.Join(texts.Languages(), "|") + " such as C-UK=en",
	}
}

// warrantyWindowsValue reads CLIENT=DIAGNOSIS/DECISION: a client's own
// warranty windows.
func warrantyWindowsValue(m *map[string]activities.WarrantyWindows) flag.Value {
	return entriesValue[activities.WarrantyWindows]{m: m,
		parse: func(s string) (activities.WarrantyWindows, bool) {
			diag, dec, ok := strings.Cut(s, "/")
			dw, ok1 := positiveDuration(diag)
			cw, ok2 := positiveDuration(dec)
			return activities.WarrantyWindows{Diagnosis: dw, Decision: cw}, ok && ok1 && ok2
		},
		format:  func(w activities.WarrantyWindows) string { return w.Diagnosis.String() + "/" + w.Decision.String() },
		example: "CLIENT=DIAGNOSIS/DECISION such as C-DEALER=72h/24h",
	}
}

// positiveDuration reads a duration longer than zero.
func positiveDuration(s string) (time.Duration, bool) {
	d, err := time.ParseDuration(s)
	return d, err == nil && d > 0
}

// sortedEntries prints m as NAME=VALUE entries in name order.
func sortedEntries[V any](m map[string]V, value func(V) string) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = name + "=" + value(m[name])
	}
	return out
}
