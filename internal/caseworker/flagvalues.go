package caseworker

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/links"
	"github.com/valetops/assistance/providers"
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

// windowsValue reads NAME=DURATION into a map, one entry per flag.
type windowsValue struct {
	m    *map[string]time.Duration
	what string // CLIENT or PROVIDER
}

func (v windowsValue) String() string { return strings.Join(v.entries(), " ") }
func (v windowsValue) Set(s string) error {
	name, d, ok := strings.Cut(s, "=")
	window, err := time.ParseDuration(d)
	if !ok || name == "" || err != nil || window <= 0 {
		return fmt.Errorf("expected %s=DURATION such as %s=45m, got %q", v.what, v.what, s)
	}
	if *v.m == nil {
		*v.m = map[string]time.Duration{}
	}
	(*v.m)[name] = window
	return nil
}
func (v windowsValue) entries() []string {
	if v.m == nil {
		return nil
	}
	return sortedEntries(*v.m, func(d time.Duration) string { return d.String() })
}

// clientWebhooksValue reads CLIENT=URL,SECRET: a client's own notices webhook.
type clientWebhooksValue struct {
	m *map[string]providers.ClientWebhook
}

func (v clientWebhooksValue) String() string { return strings.Join(v.entries(), " ") }
func (v clientWebhooksValue) Set(s string) error {
	client, rest, ok := strings.Cut(s, "=")
	url, secret, ok2 := strings.Cut(rest, ",")
	if !ok || !ok2 || client == "" || url == "" || secret == "" {
		return fmt.Errorf("expected CLIENT=URL,SECRET such as C-LEASECO=https://leaseco.example/notices,s3cret, got %q", s)
	}
	if *v.m == nil {
		*v.m = map[string]providers.ClientWebhook{}
	}
	(*v.m)[client] = providers.ClientWebhook{URL: url, Secret: []byte(secret)}
	return nil
}
func (v clientWebhooksValue) entries() []string {
	if v.m == nil {
		return nil
	}
	return sortedEntries(*v.m, func(w providers.ClientWebhook) string { return w.URL + "," + string(w.Secret) })
}

// warrantyWindowsValue reads CLIENT=DIAGNOSIS/DECISION: a client's own
// warranty windows.
type warrantyWindowsValue struct {
	m *map[string]activities.WarrantyWindows
}

func (v warrantyWindowsValue) String() string { return strings.Join(v.entries(), " ") }
func (v warrantyWindowsValue) Set(s string) error {
	client, d, ok := strings.Cut(s, "=")
	diag, dec, ok2 := strings.Cut(d, "/")
	dw, err1 := time.ParseDuration(diag)
	cw, err2 := time.ParseDuration(dec)
	if !ok || !ok2 || client == "" || err1 != nil || err2 != nil || dw <= 0 || cw <= 0 {
		return fmt.Errorf("expected CLIENT=DIAGNOSIS/DECISION such as C-DEALER=72h/24h, got %q", s)
	}
	if *v.m == nil {
		*v.m = map[string]activities.WarrantyWindows{}
	}
	(*v.m)[client] = activities.WarrantyWindows{Diagnosis: dw, Decision: cw}
	return nil
}
func (v warrantyWindowsValue) entries() []string {
	if v.m == nil {
		return nil
	}
	return sortedEntries(*v.m, func(w activities.WarrantyWindows) string { return w.Diagnosis.String() + "/" + w.Decision.String() })
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
