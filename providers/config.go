package providers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/valetops/assistance/activities"
)

// Config says where the providers are and how to call them.
type Config struct {
	// URLTemplate is the base URL of every provider, with "{provider}" standing
	// for the provider id, e.g. "http://127.0.0.1:8090/providers/{provider}".
	URLTemplate string
	// BaseURLs overrides the template for some provider ids.
	BaseURLs map[string]string
	// CallbackURL is where providers send the events of an assignment (our
	// webhook API), with "{provider}" standing for the provider id, e.g.
	// "http://127.0.0.1:8080/v1/providers/{provider}/events".
	CallbackURL string
	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
	// Client is the HTTP client (default: a plain http.Client).
	Client *http.Client
}

// BaseURL returns the provider's base URL, without a trailing slash.
func (c Config) BaseURL(provider string) (string, error) {
	if u, ok := c.BaseURLs[provider]; ok && u != "" {
		return strings.TrimRight(u, "/"), nil
	}
	if c.URLTemplate == "" {
		return "", fmt.Errorf("%w: no base URL configured for provider %q", activities.ErrRefused, provider)
	}
	return strings.TrimRight(expand(c.URLTemplate, provider), "/"), nil
}

// Callback returns the callback URL given to the provider with an assignment.
func (c Config) Callback(provider string) string { return expand(c.CallbackURL, provider) }

func expand(template, provider string) string {
	return strings.ReplaceAll(template, "{provider}", url.PathEscape(provider))
}
