package providers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/webhooksig"
)

// DefaultTimeout bounds one HTTP request when the configuration names none.
const DefaultTimeout = 10 * time.Second

// maxAnswer is the largest answer body read.
const maxAnswer = 1 << 20

// poster sends JSON requests with a per-request timeout; its zero value uses
// http.DefaultClient and DefaultTimeout.
type poster struct {
	client  *http.Client
	timeout time.Duration
}

func newPoster(client *http.Client, timeout time.Duration) poster {
	return poster{client: client, timeout: timeout}
}

// answer is an HTTP answer, read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// post sends body as JSON to url, with an Idempotency-Key header when key is
// not empty. An error means no complete answer came back.
func (p poster) post(ctx context.Context, url, key string, body any) (answer, error) {
	return p.postSigned(ctx, url, key, nil, body)
}

// postSigned is post with the body signed like a provider webhook
// (api/webhooksig) when secret is not empty.
func (p poster) postSigned(ctx context.Context, url, key string, secret []byte, body any) (answer, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return answer{}, fmt.Errorf("%w: cannot encode the request: %v", activities.ErrRefused, err)
	}
	timeout, client := p.timeout, p.client
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(data))
	if err != nil {
		return answer{}, fmt.Errorf("%w: bad URL %q: %v", activities.ErrRefused, url, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if len(secret) > 0 {
		ts, sig := webhooksig.Sign(secret, time.Now(), data)
		req.Header.Set(webhooksig.HeaderTimestamp, ts)
		req.Header.Set(webhooksig.HeaderSignature, sig)
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("POST %s: %w", url, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return answer{}, fmt.Errorf("POST %s: answer %d cut short: %w", url, resp.StatusCode, err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: out}, nil
}

// retryable reports whether an HTTP status means the request may succeed later.
func retryable(status int) bool {
	return status >= 500 || status == http.StatusRequestTimeout || status == http.StatusTooEarly ||
		status == http.StatusTooManyRequests
}

// failure turns an unexpected status into an error: refused for a 4xx that
// retrying cannot help, unreachable otherwise.
func failure(url string, a answer) error {
	msg := problemOf(a.body)
	if a.status >= 400 && a.status < 500 && !retryable(a.status) {
		return fmt.Errorf("%w: POST %s answered %d: %s", activities.ErrRefused, url, a.status, msg)
	}
	return fmt.Errorf("POST %s answered %d: %s", url, a.status, msg)
}

// problemOf returns the error of a Problem body, or the body itself, shortened.
func problemOf(body []byte) string {
	var p struct {
		Error string `json:"error"`
		Field string `json:"field"`
	}
	if json.Unmarshal(body, &p) == nil && p.Error != "" {
		return p.Error
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		s = "(no body)"
	}
	return s
}

// decode reads a success body, or says the answer is malformed (an error the
// caller retries: a provider's glitch).
func decode(url string, a answer, v any) error {
	if err := json.Unmarshal(a.body, v); err != nil {
		return fmt.Errorf("POST %s answered %d with a malformed body: %v", url, a.status, err)
	}
	return nil
}
