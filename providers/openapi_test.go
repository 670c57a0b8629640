package providers_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/apispec"
)

// specRouter loads api/openapi.yaml and routes on paths alone (the servers
// differ per side of the protocol).
func specRouter(t *testing.T) routers.Router {
	t.Helper()
	router, err := apispec.Router("../api/openapi.yaml")
	require.NoError(t, err)
	return router
}

// TestRequestsConformToTheSpec sends every kind of request through
// HTTPProviders and validates each against the provider API of openapi.yaml.
func TestRequestsConformToTheSpec(t *testing.T) {
	router := specRouter(t)
	var mu sync.Mutex
	var problems []string
	validated := map[string]bool{}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/providers/"), "/")
		r.URL.Path, r.URL.RawPath = "/"+rest, ""
		route, params, err := router.FindRoute(r)
		if err == nil {
			err = openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
				Request: r, PathParams: params, Route: route})
		}
		mu.Lock()
		if err != nil {
			problems = append(problems, r.URL.Path+": "+err.Error())
		} else {
			validated[route.Operation.OperationID] = true
		}
		mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, "/assignments"):
			reply(201, `{"assignment_id":"A1","status":"accepted","eta_seconds":60}`)(w, r)
		case strings.HasSuffix(r.URL.Path, "/quotes"):
			reply(200, `{"options":[{"option":"tow","price_eur":180}]}`)(w, r)
		case strings.HasSuffix(r.URL.Path, "/services/cancel"):
			reply(200, `{"status":"cancelled","order_key":"k","reference":"R-1"}`)(w, r)
		case strings.HasSuffix(r.URL.Path, "/services"):
			reply(201, `{"reference":"R-1"}`)(w, r)
		case strings.HasSuffix(r.URL.Path, "/breakdown-notices"):
			reply(201, `{"reference":"INFO-1"}`)(w, r)
		default:
			reply(200, `{"status":"cancelled"}`)(w, r)
		}
	})

	p := client(srv.URL)
	ctx := context.Background()
	o := order()
	o.Vehicle.Assistance = nil
	_, err := p.Dispatch(ctx, o)
	require.NoError(t, err)
	o.IdempotencyKey += "-2"
	o.Symptoms, o.TowTo, o.Service = nil, contract.DestinationChargingPoint, "tow"
	_, err = p.Dispatch(ctx, o)
	require.NoError(t, err)
	_, err = p.Quote(ctx, activities.QuoteRequest{IdempotencyKey: caseID + "/quote/res-assistance", CaseID: caseID,
		Provider: "res-assistance", Vehicle: o.Vehicle, Location: o.Location, Nature: "engine"})
	require.NoError(t, err)
	require.NoError(t, p.Cancel(ctx, activities.CancelOrder{IdempotencyKey: o.IdempotencyKey + "/cancel", CaseID: caseID,
		Provider: "byd-assistance", AssignmentID: "A1", DispatchKey: o.IdempotencyKey, Reason: "client cancelled"}))
	require.NoError(t, p.Cancel(ctx, activities.CancelOrder{IdempotencyKey: o.IdempotencyKey + "/cancel", CaseID: caseID,
		Provider: "byd-assistance", DispatchKey: o.IdempotencyKey, Reason: "client cancelled"}))
	_, err = p.OrderService(ctx, activities.ServiceOrder{IdempotencyKey: caseID + "/service/replacement_vehicle", CaseID: caseID,
		Provider: "byd-assistance", Service: contract.ServiceReplacementVehicle, Cap: "3 working days", Until: "2026-03-13"})
	require.NoError(t, err)
	require.NoError(t, p.CancelService(ctx, activities.ServiceCancellation{IdempotencyKey: caseID + "/service/replacement_vehicle/cancel",
		CaseID: caseID, Provider: "byd-assistance", Service: contract.ServiceReplacementVehicle,
		OrderKey: caseID + "/service/replacement_vehicle", Reference: "R-1", Reason: "case cancelled by client: mission cancelled"}))

	got, err := p.InformAssistance(ctx, activities.AssistanceNotice{IdempotencyKey: caseID + "/informed", CaseID: caseID, MissionID: "M-1",
		Provider: "byd-assistance", Program: "byd-eu", Vehicle: o.Vehicle, Location: o.Location, Drivable: false,
		BrokeDownAt: "2026-03-10T08:15:00Z", ReportedAt: "2026-03-10T09:05:00Z"})
	require.NoError(t, err)
	assert.Equal(t, "INFO-1", got.Reference)

	assert.Empty(t, problems)

	// A control: a request without the key and the callback is caught.
	resp, err := http.Post(srv.URL+"/providers/byd-assistance/assignments", "application/json",
		strings.NewReader(`{"case_id":"c","provider":"p","service":"assistance","mission_id":"M"}`))
	require.NoError(t, err)
	resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0], "Idempotency-Key")
	assert.Equal(t, map[string]bool{"createAssignment": true, "requestQuotes": true, "cancelAssignment": true,
		"cancelAssignmentByKey": true, "orderService": true, "cancelService": true, "informOfBreakdown": true}, validated)
}
