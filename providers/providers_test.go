package providers_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/providers"
)

// outcome is what a call should give: an answer, a refusal, or unreachable.
type outcome int

const (
	answered outcome = iota
	refused
	unreachable
)

func checkErr(t *testing.T, want outcome, err error) {
	t.Helper()
	switch want {
	case answered:
		require.NoError(t, err)
	case refused:
		require.Error(t, err)
		assert.ErrorIs(t, err, activities.ErrRefused)
	case unreachable:
		require.Error(t, err)
		assert.NotErrorIs(t, err, activities.ErrRefused, "unreachable must be retried")
	}
}

func client(base string) *providers.HTTPProviders {
	return providers.New(providers.Config{
		URLTemplate: base + "/providers/{provider}",
		CallbackURL: "http://127.0.0.1:8080/v1/providers/{provider}/events",
		Timeout:     300 * time.Millisecond,
	})
}

func TestDispatchStatusMapping(t *testing.T) {
	accepted := activities.DispatchAnswer{Status: "accepted", AssignmentID: "A1", ETASeconds: 2400}
	tests := []struct {
		name   string
		handle http.HandlerFunc
		want   outcome
		answer activities.DispatchAnswer
	}{
		{"201 accepted", reply(201, `{"assignment_id":"A1","status":"accepted","eta_seconds":2400}`), answered, accepted},
		{"200 replayed", reply(200, `{"assignment_id":"A1","status":"accepted","eta_seconds":2400}`, "Idempotent-Replayed", "true"), answered, accepted},
		{"429 Retry-After seconds", reply(429, `{"status":"busy"}`, "Retry-After", "60"), answered, activities.DispatchAnswer{Status: "busy", RetryAfterSeconds: 60}},
		{"429 prefers X-Retry-After-Ms", reply(429, "", "Retry-After", "3", "X-Retry-After-Ms", "1500"), answered, activities.DispatchAnswer{Status: "busy", RetryAfterSeconds: 2, RetryAfterMillis: 1500}},
		{"429 sub-second rounds up", reply(429, "", "Retry-After", "1", "X-Retry-After-Ms", "250"), answered, activities.DispatchAnswer{Status: "busy", RetryAfterSeconds: 1, RetryAfterMillis: 250}},
		{"429 body only", reply(429, `{"status":"busy","retry_after_seconds":30}`), answered, activities.DispatchAnswer{Status: "busy", RetryAfterSeconds: 30}},
		{"429 nothing said", reply(429, ""), answered, activities.DispatchAnswer{Status: "busy"}},
		{"202 acknowledged", reply(202, `{"status":"acknowledged","assignment_id":"A7"}`), answered, activities.DispatchAnswer{Status: "acknowledged", AssignmentID: "A7"}},
		{"202 replayed as 200", reply(200, `{"status":"acknowledged","assignment_id":"A7"}`, "Idempotent-Replayed", "true"), answered, activities.DispatchAnswer{Status: "acknowledged", AssignmentID: "A7"}},
		{"202 without assignment", reply(202, `{"status":"acknowledged"}`), refused, activities.DispatchAnswer{}},
		{"202 other status", reply(202, `{"status":"accepted","assignment_id":"A7"}`), refused, activities.DispatchAnswer{}},
		{"422 rejected", reply(422, `{"status":"rejected","reason":"out_of_area"}`), answered, activities.DispatchAnswer{Status: "rejected", Reason: "out_of_area"}},
		{"422 without a body", reply(422, ""), answered, activities.DispatchAnswer{Status: "rejected", Reason: "(no body)"}},
		{"400 malformed", reply(400, `{"error":"vehicle.vin: is required","field":"vehicle.vin"}`), refused, activities.DispatchAnswer{}},
		{"404 unknown", reply(404, ""), refused, activities.DispatchAnswer{}},
		{"409 key reused", reply(409, ""), refused, activities.DispatchAnswer{}},
		{"408 timeout", reply(408, ""), unreachable, activities.DispatchAnswer{}},
		{"500", reply(500, "boom"), unreachable, activities.DispatchAnswer{}},
		{"502", reply(502, ""), unreachable, activities.DispatchAnswer{}},
		{"503", reply(503, `{"error":"unreachable"}`), unreachable, activities.DispatchAnswer{}},
		{"200 malformed body", reply(200, `{"assignment_id":`), unreachable, activities.DispatchAnswer{}},
		{"201 without assignment", reply(201, `{"status":"accepted"}`), unreachable, activities.DispatchAnswer{}},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}, unreachable, activities.DispatchAnswer{}},
		{"dropped connection", drop, unreachable, activities.DispatchAnswer{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			got, err := client(srv.URL).Dispatch(context.Background(), order())
			checkErr(t, tc.want, err)
			assert.Equal(t, tc.answer, got)
		})
	}
}

func TestDispatchRequest(t *testing.T) {
	srv := newServer(t, reply(201, `{"assignment_id":"A1","status":"accepted","eta_seconds":60}`))
	o := order()
	o.Symptoms = nil
	_, err := client(srv.URL).Dispatch(context.Background(), o)
	require.NoError(t, err)
	reqs := srv.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/providers/byd-assistance/assignments", r.Path)
	assert.Equal(t, o.IdempotencyKey, r.Key)
	assert.Equal(t, o.IdempotencyKey, r.Body["idempotency_key"])
	assert.Equal(t, "M-1004", r.Body["mission_id"])
	assert.Equal(t, "http://127.0.0.1:8080/v1/providers/byd-assistance/events", r.Body["callback_url"])
	assert.Equal(t, []any{}, r.Body["symptoms"], "never null")
}

func TestConnectionRefused(t *testing.T) {
	srv := newServer(t, reply(201, ""))
	base := srv.URL
	srv.Close()
	_, err := client(base).Dispatch(context.Background(), order())
	checkErr(t, unreachable, err)
}

func TestOrdersNeedAKeyAndAURL(t *testing.T) {
	o := order()
	o.IdempotencyKey = ""
	_, err := client("http://127.0.0.1:1").Dispatch(context.Background(), o)
	checkErr(t, refused, err)

	_, err = providers.New(providers.Config{}).Dispatch(context.Background(), order())
	checkErr(t, refused, err)
	assert.Contains(t, err.Error(), "no base URL configured")

	_, err = providers.New(providers.Config{URLTemplate: "http://127.0.0.1:1/{provider}"}).Dispatch(context.Background(), order())
	checkErr(t, refused, err)
	assert.Contains(t, err.Error(), "no callback URL")
}

func TestBaseURL(t *testing.T) {
	cfg := providers.Config{
		URLTemplate: "http://sim:8090/providers/{provider}/",
		BaseURLs:    map[string]string{"res-assistance": "https://api.res-assistance.example/v2/"},
	}
	u, err := cfg.BaseURL("byd-assistance")
	require.NoError(t, err)
	assert.Equal(t, "http://sim:8090/providers/byd-assistance", u)
	u, err = cfg.BaseURL("res-assistance")
	require.NoError(t, err)
	assert.Equal(t, "https://api.res-assistance.example/v2", u)
	u, err = cfg.BaseURL("a b/c")
	require.NoError(t, err)
	assert.Equal(t, "http://sim:8090/providers/a%20b%2Fc", u)
}

func TestQuote(t *testing.T) {
	tests := []struct {
		name   string
		handle http.HandlerFunc
		want   outcome
		opts   []contract.Option
	}{
		{"options", reply(200, `{"options":[{"option":"tow","price_eur":180},{"option":"on_site_repair","price_eur":95.5}]}`), answered,
			[]contract.Option{{Option: "tow", PriceEUR: 180, Provider: "res-assistance"}, {Option: "on_site_repair", PriceEUR: 95.5, Provider: "res-assistance"}}},
		{"none", reply(200, `{"options":[]}`), answered, []contract.Option{}},
		{"400", reply(400, ""), refused, nil},
		{"429", reply(429, "", "Retry-After", "5"), unreachable, nil},
		{"503", reply(503, ""), unreachable, nil},
		{"dropped", drop, unreachable, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			got, err := client(srv.URL).Quote(context.Background(), activities.QuoteRequest{
				IdempotencyKey: caseID + "/quote/res-assistance", CaseID: caseID, Provider: "res-assistance"})
			checkErr(t, tc.want, err)
			assert.Equal(t, tc.opts, got)
			r := srv.requests()[0]
			assert.Equal(t, "/providers/res-assistance/quotes", r.Path)
			assert.Equal(t, "M-1004", r.Body["mission_id"])
		})
	}
}

func TestCancel(t *testing.T) {
	tests := []struct {
		name   string
		order  activities.CancelOrder
		handle http.HandlerFunc
		want   outcome
		path   string
	}{
		{"by assignment", activities.CancelOrder{IdempotencyKey: "k/cancel", AssignmentID: "byd/1", DispatchKey: "k"},
			reply(200, `{"status":"cancelled","assignment_id":"byd/1"}`), answered, "/providers/byd-assistance/assignments/byd%2F1/cancel"},
		{"by dispatch key", activities.CancelOrder{IdempotencyKey: "k/cancel", DispatchKey: "k"},
			reply(200, `{"status":"nothing_held","dispatch_key":"k"}`), answered, "/providers/byd-assistance/assignments/cancel"},
		{"unknown assignment", activities.CancelOrder{IdempotencyKey: "k/cancel", AssignmentID: "A9"}, reply(404, ""), refused, "/providers/byd-assistance/assignments/A9/cancel"},
		{"provider down", activities.CancelOrder{IdempotencyKey: "k/cancel", AssignmentID: "A1"}, reply(503, ""), unreachable, "/providers/byd-assistance/assignments/A1/cancel"},
		{"dropped", activities.CancelOrder{IdempotencyKey: "k/cancel", AssignmentID: "A1"}, drop, unreachable, "/providers/byd-assistance/assignments/A1/cancel"},
		{"key derived from the dispatch key", activities.CancelOrder{DispatchKey: "k"}, reply(200, `{"status":"cancelled"}`), answered, "/providers/byd-assistance/assignments/cancel"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			tc.order.CaseID, tc.order.Provider, tc.order.Reason = caseID, "byd-assistance", "cancelled by client"
			err := client(srv.URL).Cancel(context.Background(), tc.order)
			checkErr(t, tc.want, err)
			r := srv.requests()[0]
			assert.Equal(t, tc.path, r.Path)
			assert.Equal(t, "k/cancel", r.Key)
			if tc.order.AssignmentID == "" {
				assert.Equal(t, "k", r.Body["dispatch_key"])
			}
		})
	}
	err := client("http://127.0.0.1:1").Cancel(context.Background(), activities.CancelOrder{IdempotencyKey: "x", Provider: "p"})
	checkErr(t, refused, err)
}

func TestOrderService(t *testing.T) {
	tests := []struct {
		name   string
		handle http.HandlerFunc
		want   outcome
		ref    string
	}{
		{"201", reply(201, `{"reference":"R-1"}`), answered, "R-1"},
		{"200 replayed", reply(200, `{"reference":"R-1"}`, "Idempotent-Replayed", "true"), answered, "R-1"},
		{"422 not provided", reply(422, `{"error":"no hotels here"}`), refused, ""},
		{"400", reply(400, ""), refused, ""},
		{"500", reply(500, ""), unreachable, ""},
		{"no reference", reply(201, `{}`), unreachable, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			got, err := client(srv.URL).OrderService(context.Background(), activities.ServiceOrder{
				IdempotencyKey: caseID + "/service/hotel", CaseID: caseID, Provider: "byd-assistance",
				Service: contract.ServiceHotel, Cap: "3 nights at 150 EUR"})
			checkErr(t, tc.want, err)
			assert.Equal(t, tc.ref, got.Reference)
			r := srv.requests()[0]
			assert.Equal(t, "/providers/byd-assistance/services", r.Path)
			assert.Equal(t, caseID+"/service/hotel", r.Key)
		})
	}
}

func TestCancelService(t *testing.T) {
	tests := []struct {
		name   string
		handle http.HandlerFunc
		want   outcome
	}{
		{"cancelled", reply(200, `{"status":"cancelled","order_key":"k","reference":"R-1"}`), answered},
		{"replayed", reply(200, `{"status":"nothing_held","order_key":"k"}`, "Idempotent-Replayed", "true"), answered},
		{"400", reply(400, `{"error":"order_key: is required"}`), refused},
		{"provider down", reply(503, ""), unreachable},
		{"dropped", drop, unreachable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			err := client(srv.URL).CancelService(context.Background(), activities.ServiceCancellation{
				IdempotencyKey: "k/cancel", CaseID: caseID, Provider: "byd-assistance",
				Service: contract.ServiceHotel, OrderKey: "k", Reference: "R-1", Reason: "case cancelled by client"})
			checkErr(t, tc.want, err)
			r := srv.requests()[0]
			assert.Equal(t, "/providers/byd-assistance/services/cancel", r.Path)
			assert.Equal(t, "k/cancel", r.Key)
			assert.Equal(t, "k", r.Body["order_key"])
			assert.Equal(t, "R-1", r.Body["reference"])
			assert.Equal(t, "M-1004", r.Body["mission_id"], "the mission id comes from the case id")
		})
	}
	for name, c := range map[string]activities.ServiceCancellation{
		"no key":       {OrderKey: "k", Provider: "byd-assistance"},
		"no order key": {IdempotencyKey: "k/cancel", Provider: "byd-assistance"},
	} {
		err := client("http://127.0.0.1:1").CancelService(context.Background(), c)
		assert.ErrorIs(t, err, activities.ErrRefused, name)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
	d, ok := providers.RetryAfter(h, now)
	assert.True(t, ok)
	assert.Equal(t, 90*time.Second, d)

	h.Set("Retry-After", "soon")
	_, ok = providers.RetryAfter(h, now)
	assert.False(t, ok)

	h.Set(providers.HeaderRetryAfterMs, "250")
	d, ok = providers.RetryAfter(h, now)
	assert.True(t, ok)
	assert.Equal(t, 250*time.Millisecond, d)
}
