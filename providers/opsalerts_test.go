package providers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/providers"
)

// An ops alert is a signed webhook, as the providers' are, carrying its kind
// and the case's page in the Web UI.
func TestOpsAlertIsASignedWebhookWithTheCaseLink(t *testing.T) {
	secret := []byte("ops-secret")
	var verified error
	var body map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		verified = webhooksig.Verify(secret, r.Header.Get(webhooksig.HeaderTimestamp), r.Header.Get(webhooksig.HeaderSignature), raw, time.Now(), 0)
		_ = json.Unmarshal(raw, &body)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	n := providers.NewNotifier(providers.NotifierConfig{OpsAlertsURL: srv.URL + "/ops/alerts", OpsAlertsSecret: secret,
		WebUIURL: "http://127.0.0.1:8233/", Namespace: "default"})
	require.NoError(t, n.AlertOps(context.Background(), activities.OpsAlert{CaseID: "breakdown-M-1/run-7", MissionID: "M-1",
		Kind: contract.AlertUnassisted, NeedsPerson: true, Reason: "no assistance could be had"}))
	require.NoError(t, verified)
	assert.Equal(t, "unassisted", body["kind"])
	assert.Equal(t, true, body["needs_person"])
	assert.Equal(t, "http://127.0.0.1:8233/namespaces/default/workflows/breakdown-M-1/run-7/history", body["web_ui_url"])
}

func TestWebUILink(t *testing.T) {
	assert.Empty(t, providers.WebUILink("", "default", "breakdown-M-1/r"))
	assert.Equal(t, "https://ui.example/namespaces/ops/workflows/breakdown-M1", providers.WebUILink("https://ui.example", "ops", "breakdown-M1"))
	assert.Equal(t, "http://ui/namespaces/default/workflows/breakdown-M%201/r1/history", providers.WebUILink("http://ui", "", "breakdown-M 1/r1"))
}
