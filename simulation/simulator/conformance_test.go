package simulator_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/apispec"
)

// conformance checks every request and answer passing through it against
// api/openapi.yaml, on paths alone (a provider's base path is stripped).
type conformance struct {
	router   routers.Router
	mu       sync.Mutex
	problems []string
	checked  map[string]int // operationId → exchanges checked
}

func newConformance(t *testing.T) *conformance {
	t.Helper()
	router, err := apispec.Router("../../api/openapi.yaml")
	require.NoError(t, err)
	return &conformance{router: router, checked: map[string]int{}}
}

func (c *conformance) fail(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// wrap validates what reaches next and what it answers.
func (c *conformance) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		vr := r.Clone(r.Context())
		vr.Body = io.NopCloser(bytes.NewReader(body))
		if rest, ok := strings.CutPrefix(vr.URL.Path, "/providers/"); ok {
			_, rest, _ = strings.Cut(rest, "/")
			vr.URL.Path, vr.URL.RawPath = "/"+rest, ""
		}
		route, params, err := c.router.FindRoute(vr)
		if err != nil {
			c.fail("%s %s: no route: %v", r.Method, vr.URL.Path, err)
			next.ServeHTTP(w, r)
			return
		}
		in := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route}
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			c.fail("request %s: %v", route.Operation.OperationID, err)
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		err = openapi3filter.ValidateResponse(r.Context(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		})
		if err != nil {
			c.fail("answer %d to %s: %v", rec.Code, route.Operation.OperationID, err)
		}
		c.mu.Lock()
		c.checked[route.Operation.OperationID]++
		c.mu.Unlock()
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func (c *conformance) report() (problems []string, checked map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	checked = map[string]int{}
	for k, v := range c.checked {
		checked[k] = v
	}
	return append(problems, c.problems...), checked
}
