package pages

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/contract"
)

// fakeCases is one case waiting for the approver: it answers the outcome
// Query and records the Updates it is sent.
type fakeCases struct {
	mu      sync.Mutex
	updates []client.UpdateWorkflowOptions
	fail    error // returned by UpdateWorkflow when set
}

func (f *fakeCases) QueryWorkflow(_ context.Context, workflowID, runID, _ string, _ ...any) (converter.EncodedValue, error) {
	o := contract.Outcome{CaseID: workflowID + "/" + runID, MissionID: "M-1", Stage: contract.StageAwaitingApproval,
		Approval: contract.ApprovalPending, OptionsOffered: []contract.Option{{Option: "tow", PriceEUR: 180, Provider: "res-assistance"}}}
	p, err := converter.GetDefaultDataConverter().ToPayloads(o)
	if err != nil {
		return nil, err
	}
	return encodedValue{p}, nil
}

// encodedValue is a Query's answer.
type encodedValue struct{ p *commonpb.Payloads }

func (e encodedValue) HasValue() bool { return e.p != nil }
func (e encodedValue) Get(v any) error {
	return converter.GetDefaultDataConverter().FromPayloads(e.p, v)
}

func (f *fakeCases) UpdateWorkflow(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	f.updates = append(f.updates, o)
	return handle{o}, nil
}

func (f *fakeCases) sent() []client.UpdateWorkflowOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]client.UpdateWorkflowOptions(nil), f.updates...)
}

// handle answers every Update with the name of its stage.
type handle struct{ o client.UpdateWorkflowOptions }

func (h handle) WorkflowID() string { return h.o.WorkflowID }
func (h handle) RunID() string      { return h.o.RunID }
func (h handle) UpdateID() string   { return h.o.UpdateID }
func (h handle) Get(_ context.Context, v any) error {
	answer := "approved:tow"
	if h.o.UpdateName == UpdateLocate {
		answer = string(contract.StageRouting)
	}
	b, _ := json.Marshal(answer)
	return json.Unmarshal(b, v)
}

// pagesOf serves the pages of one case, with a link of each audience.
func pagesOf(t *testing.T, cases *fakeCases) (h http.Handler, keys *links.Keyring, token func(links.Audience) string) {
	t.Helper()
	keys, err := links.ParseKeys("k1=0123456789abcdef0123")
	require.NoError(t, err)
	now := time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
	mux := http.NewServeMux()
	New(Config{Keys: keys, Cases: cases, Now: func() time.Time { return now }, Origins: []string{"https://assist.example.com"}}).Register(mux)
	return mux, keys, func(a links.Audience) string {
		tok, err := keys.Sign(links.Claims{CaseID: "breakdown-M-1/run-1", Audience: a, Expires: now.Add(time.Hour).Unix()})
		require.NoError(t, err)
		return tok
	}
}

// postForm posts form to path with headers (Host: api.example).
func postForm(h http.Handler, path string, form url.Values, headers map[string]string) (int, string) {
	r := httptest.NewRequest(http.MethodPost, "http://api.example"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, string(body)
}

// TestTheTrackingLinkCannotApprove: the tracking link (audience client)
// opens the tracking page and nothing else; the approval page opens with the
// approval link only, and its decision says it came from the page.
func TestTheTrackingLinkCannotApprove(t *testing.T) {
	cases := &fakeCases{}
	h, _, token := pagesOf(t, cases)
	tracking, approval := token(links.Client), token(links.Approver)
	same := map[string]string{"Origin": "http://api.example", "Sec-Fetch-Site": "same-origin"}

	status, body := postForm(h, links.PathApprove+tracking, url.Values{"choose": {"tow"}}, same)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "ne donne pas accès")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, links.PathApprove+tracking, nil))
	assert.Equal(t, http.StatusForbidden, rec.Code, "the tracking link does not open the approval page either")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, links.PathTrack+approval, nil))
	assert.Equal(t, http.StatusForbidden, rec.Code, "the approval link is not a tracking link")
	assert.Empty(t, cases.sent(), "nothing was sent to the case")

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, links.PathTrack+tracking, nil))
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, rec.Body.String(), "/approve/", "the tracking page shows no approval link")
	assert.Equal(t, "same-origin", rec.Header().Get("Referrer-Policy"))

	status, body = postForm(h, links.PathApprove+approval, url.Values{"choose": {"tow"}}, same)
	require.Equal(t, http.StatusOK, status, body)
	sent := cases.sent()
	require.Len(t, sent, 1)
	assert.Equal(t, contract.UpdateDecide, sent[0].UpdateName)
	assert.Equal(t, contract.DecideRequest{Choose: "tow", By: contract.ByApprovalPage}, sent[0].Args[0],
		"the page's decision carries the page's reserved by")
}

// TestCrossSiteFormsAreRefused: a form posted to the approval or position
// page from anywhere but our page is refused 403 and sends nothing, whatever
// the link; what a browser sends from our own page, and an old client with
// the page's form token, go through.
func TestCrossSiteFormsAreRefused(t *testing.T) {
	cases := &fakeCases{}
	h, keys, token := pagesOf(t, cases)
	approval, valet := token(links.Approver), token(links.Valet)
	form := func(tok string, extra url.Values) url.Values {
		v := url.Values{"choose": {"tow"}, "lat": {"48.85"}, "lon": {"2.35"}}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}
	for _, path := range []string{links.PathApprove + approval, links.PathPosition + valet} {
		tok := path[strings.LastIndex(path, "/")+1:]
		before := len(cases.sent())
		for name, headers := range map[string]map[string]string{
			"another site":                   {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
			"another site, no fetch headers": {"Origin": "https://evil.example"},
			"a sibling site":                 {"Origin": "https://api.example.evil", "Sec-Fetch-Site": "same-site"},
			"Origin: null":                   {"Origin": "null"},
			"Origin: null, same-origin":      {"Origin": "null", "Sec-Fetch-Site": "same-origin"},
			"no Origin, cross-site":          {"Sec-Fetch-Site": "cross-site"},
			"no header at all":               {},
		} {
			status, body := postForm(h, path, form(tok, nil), headers)
			assert.Equal(t, http.StatusForbidden, status, "%s %s", path[:9], name)
			assert.Contains(t, body, "depuis sa propre page", name)
		}
		status, _ := postForm(h, path, form(tok, url.Values{"csrf": {keys.FormToken(approval + "x")}}), nil)
		assert.Equal(t, http.StatusForbidden, status, "another link's form token")
		assert.Len(t, cases.sent(), before, "a forged form reached the case")

		for name, headers := range map[string]map[string]string{
			"our page":                    {"Origin": "http://api.example", "Sec-Fetch-Site": "same-origin"},
			"our page behind TLS":         {"Origin": "https://api.example"},
			"our public origin":           {"Origin": "https://assist.example.com", "Sec-Fetch-Site": "same-origin"},
			"same-origin, Origin omitted": {"Sec-Fetch-Site": "same-origin"},
		} {
			status, body := postForm(h, path, form(tok, nil), headers)
			assert.Equal(t, http.StatusOK, status, "%s: %s", name, body)
		}
		status, body := postForm(h, path, form(tok, url.Values{"csrf": {keys.FormToken(tok)}}), nil)
		assert.Equal(t, http.StatusOK, status, "an old client with the page's form token: %s", body)
	}

	// The pages hand out their form token.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, links.PathApprove+approval, nil))
	assert.Contains(t, rec.Body.String(), `name="csrf" value="`+keys.FormToken(approval)+`"`)
}

// TestABadPositionIsA400InThePagesWords: NaN, infinities and coordinates out
// of range are answered 400 with the page's own message; nothing reaches the
// case, and no internal error text shows.
func TestABadPositionIsA400InThePagesWords(t *testing.T) {
	cases := &fakeCases{}
	h, _, token := pagesOf(t, cases)
	valet := token(links.Valet)
	same := map[string]string{"Origin": "http://api.example", "Accept-Language": "en"}
	for name, form := range map[string]url.Values{
		"NaN":            {"lat": {"NaN"}, "lon": {"2.35"}},
		"nan longitude":  {"lat": {"48.85"}, "lon": {"nan"}},
		"infinity":       {"lat": {"+Inf"}, "lon": {"2.35"}},
		"latitude 95":    {"lat": {"95"}, "lon": {"2.35"}},
		"longitude -200": {"lat": {"48.85"}, "lon": {"-200"}},
		"not a number":   {"lat": {"north"}, "lon": {"2.35"}},
		"typed 95, 200":  {"manual": {"95, 200"}},
	} {
		status, body := postForm(h, links.PathPosition+valet, form, same)
		assert.Equal(t, http.StatusBadRequest, status, name)
		assert.Contains(t, body, "latitude between -90 and 90 and longitude between -180 and 180", name)
		for _, internal := range []string{"json:", "unsupported value", "strconv", "NaN"} {
			assert.NotContains(t, body, internal, name)
		}
	}
	status, body := postForm(h, links.PathPosition+valet, url.Values{"manual": {"12 rue de la Paix"}}, same)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "type coordinates")
	status, _ = postForm(h, links.PathPosition+valet, url.Values{"lat": {"48.85"}, "lon": {"2.35"}, "accuracy_m": {"+Inf"}}, same)
	assert.Equal(t, http.StatusOK, status, "an infinite accuracy is dropped, not sent")
	sent := cases.sent()
	require.Len(t, sent, 1)
	assert.Nil(t, sent[0].Args[0].(Position).AccuracyM)
}

// TestAnUnreachableCaseShowsNoInternalError: an Update that fails for
// another reason than the case's own refusal (here a permission the frontend
// denies) is answered with the page's words, never the error's text.
func TestAnUnreachableCaseShowsNoInternalError(t *testing.T) {
	cases := &fakeCases{fail: serviceerror.NewPermissionDenied("Request unauthorized.", "api cannot send decide")}
	h, _, token := pagesOf(t, cases)
	status, body := postForm(h, links.PathApprove+token(links.Approver), url.Values{"choose": {"tow"}},
		map[string]string{"Origin": "http://api.example"})
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.NotContains(t, body, "unauthorized")
}
