package providers_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/providers"
)

// TestOwnerNotice: the owner's notice goes to its own webhook, else to the
// default one, signed with that endpoint's secret and keyed by the notice's
// id; an owner with nowhere to send it to is a final refusal.
func TestOwnerNotice(t *testing.T) {
	secrets := map[string][]byte{"/leaseco": []byte("leaseco-secret-0001"), "/owners": []byte("owners-secret-0001")}
	verified := map[string]bool{}
	router := specRouter(t)
	var conforms []error
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		verified[r.URL.Path] = webhooksig.Verify(secrets[r.URL.Path], r.Header.Get(webhooksig.HeaderTimestamp),
			r.Header.Get(webhooksig.HeaderSignature), raw, time.Now(), 0) == nil
		// Both endpoints take what api/openapi.yaml says /owner/notices takes.
		r.URL.Path, r.URL.RawPath = "/owner/notices", ""
		route, params, err := router.FindRoute(r)
		if err == nil {
			err = openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route})
		}
		conforms = append(conforms, err)
		w.WriteHeader(http.StatusAccepted)
	})
	n := providers.NewNotifier(providers.NotifierConfig{
		OwnerNoticesURL: srv.URL + "/owners", OwnerNoticesSecret: secrets["/owners"],
		Owners: map[string]providers.ClientWebhook{"C-LEASECO": {URL: srv.URL + "/leaseco", Secret: secrets["/leaseco"]}},
	})
	ctx := context.Background()
	notice := activities.OwnerNotice{NoticeID: "owner-report-" + caseID, CaseID: caseID, MissionID: "M-1004", ClientID: "C-DEALER",
		OwnerID: "C-LEASECO", VIN: "VR3FCYHZ0MY100003", Plate: "GH-333-CC", ClosedAt: "2026-11-30T11:00:00Z",
		Mission: contract.MissionReorganised, ReportURL: "http://127.0.0.1:8080/report/k1.x"}
	require.NoError(t, n.NotifyOwner(ctx, notice))
	other := notice
	other.OwnerID = "C-FLEET"
	require.NoError(t, n.NotifyOwner(ctx, other))
	assert.Equal(t, []error{nil, nil}, conforms, "the notices conform to api/openapi.yaml")
	reqs := srv.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/leaseco", reqs[0].Path)
	assert.Equal(t, "/owners", reqs[1].Path)
	assert.Equal(t, "owner-report-"+caseID, reqs[0].Key)
	assert.Equal(t, "http://127.0.0.1:8080/report/k1.x", reqs[0].Body["report_url"])
	assert.True(t, verified["/leaseco"], "signed with the owner's own secret")
	assert.True(t, verified["/owners"], "signed with the default secret")

	err := providers.NewNotifier(providers.NotifierConfig{}).NotifyOwner(ctx, notice)
	checkErr(t, refused, err)
	assert.ErrorContains(t, err, "owner C-LEASECO")
}
