package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api"
	"github.com/valetops/assistance/api/apispec"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract"
)

// TestRefusalsConformToTheSpec: every refusal at the edge (401 unknown party
// and bad signature, 403 another's assignment, 408, 409 flood, 413, 429) is
// an answer api/openapi.yaml documents for the operation, with its headers
// and a Problem body.
func TestRefusalsConformToTheSpec(t *testing.T) {
	router, err := apispec.Router("openapi.yaml")
	require.NoError(t, err)
	sig := &scorecardSignaler{scorecard: []contract.ProviderTimes{{Provider: "leaseco-assistance", AssignmentID: "L-7"}}}
	s := edgeServer(t, sig, api.Config{Burst: 1, Rate: 0.001, MaxEventsPerAssignment: 1, MaxBody: 512, BodyTimeout: 50 * time.Millisecond})
	check := func(name string, r request, path string, body io.Reader, want int) {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, path, body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(webhooksig.HeaderTimestamp, r.timestamp)
		req.Header.Set(webhooksig.HeaderSignature, r.signature)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		require.Equal(t, want, rec.Code, "%s: %s", name, rec.Body)
		vr := httptest.NewRequest(http.MethodPost, path, strings.NewReader(r.body))
		vr.Header = req.Header
		route, params, err := router.FindRoute(vr)
		require.NoError(t, err)
		in := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		})
		assert.NoError(t, err, name)
	}
	events := "/v1/providers/%s/events"
	at := func(p string) string { return strings.Replace(events, "%s", p, 1) }
	foreign := `{"event_id":"x-1","assignment_id":"L-7","mission_id":"M-1003","kind":"repaired"}`
	check("unknown party", signed("nobody", evilSecret, now, goodEvent), at("nobody"), strings.NewReader(goodEvent), http.StatusUnauthorized)
	check("bad signature", signed("evil-tow", secret, now, goodEvent), at("evil-tow"), strings.NewReader(goodEvent), http.StatusUnauthorized)
	check("another's assignment", signed("evil-tow", evilSecret, now, foreign), at("evil-tow"), strings.NewReader(foreign), http.StatusForbidden)
	big := strings.Repeat(" ", 600) + goodEvent
	check("too large", signed("byd-assistance", secret, now, big), at("byd-assistance"), strings.NewReader(big), http.StatusRequestEntityTooLarge)
	check("slow body", signed("byd-assistance", secret, now, goodEvent), at("byd-assistance"), slowReader{}, http.StatusRequestTimeout)
	first := `{"event_id":"f-1","assignment_id":"F-1","mission_id":"M-1","kind":"en_route"}`
	check("accepted", signed("leaseco-assistance", resSecret, now, first), at("leaseco-assistance"), strings.NewReader(first), http.StatusAccepted)
	second := `{"event_id":"f-2","assignment_id":"F-1","mission_id":"M-1","kind":"en_route"}`
	check("rate", signed("leaseco-assistance", resSecret, now, second), at("leaseco-assistance"), strings.NewReader(second), http.StatusTooManyRequests)
	floodServer := edgeServer(t, sig, api.Config{MaxEventsPerAssignment: 1})
	s = floodServer
	check("first event", signed("byd-assistance", secret, now, first), at("byd-assistance"), strings.NewReader(first), http.StatusAccepted)
	check("flood", signed("byd-assistance", secret, now, second), at("byd-assistance"), strings.NewReader(second), http.StatusConflict)
}

// slowReader never gives its body: the read times out (the test's
// recorder has no connection; the deadline comes from the reader itself).
type slowReader struct{}

func (slowReader) Read([]byte) (int, error) {
	time.Sleep(100 * time.Millisecond)
	return 0, os.ErrDeadlineExceeded
}
