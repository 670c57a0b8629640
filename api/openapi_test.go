package api_test

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi.yaml")
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))

	for _, path := range []string{"/assignments", "/assignments/{assignment_id}/cancel", "/assignments/cancel",
		"/quotes", "/services", "/v1/providers/{provider}/events", "/healthz",
		"/event-numbers", "/repair-orders", "/warranty-claims", "/repair-orders/withdraw", "/warranty-claims/withdraw",
		"/v1/repairers/{repairer}/diagnoses", "/v1/warranty-managers/{manager}/decisions",
		"/client/notices", "/owner/notices", "/stats", "/track/{token}", "/approve/{token}", "/position/{token}", "/report/{token}", "/export/{token}"} {
		assert.NotNil(t, doc.Paths.Find(path), path)
	}
	for _, op := range []string{"/v1/providers/{provider}/events", "/v1/repairers/{repairer}/diagnoses", "/v1/warranty-managers/{manager}/decisions"} {
		responses := doc.Paths.Find(op).Post.Responses
		for _, status := range []string{"401", "408", "413", "429"} {
			assert.NotNil(t, responses.Value(status), "%s answers %s", op, status)
		}
	}
	assert.Contains(t, doc.Components.Responses["RateLimited"].Value.Headers, "Retry-After")
	busy := doc.Components.Responses["Busy"].Value
	assert.Contains(t, busy.Headers, "Retry-After")
	assert.Contains(t, busy.Headers, "X-Retry-After-Ms")
}
