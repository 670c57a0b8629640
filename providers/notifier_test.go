package providers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/providers"
)

func TestNotifier(t *testing.T) {
	tests := []struct {
		name   string
		handle http.HandlerFunc
		want   outcome
	}{
		{"202", reply(202, ""), answered},
		{"204", reply(204, ""), answered},
		{"400", reply(400, `{"error":"kind: unknown"}`), refused},
		{"500", reply(500, ""), unreachable},
		{"dropped", drop, unreachable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			n := providers.NewNotifier(providers.NotifierConfig{
				ClientNoticesURL: srv.URL + "/client/notices",
				OpsAlertsURL:     srv.URL + "/ops/alerts",
				OffersURL:        srv.URL + "/beneficiary/offers",
				ValetNoticesURL:  srv.URL + "/valet/notices",
			})
			ctx := context.Background()
			checkErr(t, tc.want, n.NotifyClient(ctx, activities.ClientNotice{CaseID: caseID, MissionID: "M-1004",
				ClientID: "C-1", Kind: contract.NoticeTowed, Message: "towed"}))
			checkErr(t, tc.want, n.AlertOps(ctx, activities.OpsAlert{CaseID: caseID, MissionID: "M-1004", Reason: "goa"}))
			checkErr(t, tc.want, n.OfferServices(ctx, activities.ServiceOffer{CaseID: caseID, MissionID: "M-1004",
				ValetID: "V-12", Services: []contract.Service{contract.ServiceHotel}}))
			checkErr(t, tc.want, n.NotifyValet(ctx, activities.ValetNotice{CaseID: caseID, MissionID: "M-1004", ValetID: "V-12",
				Kind: contract.ValetAssistanceDispatched, Message: "sent", Link: "https://x.test/track/k"}))
			reqs := srv.requests()
			require.Len(t, reqs, 4)
			assert.Equal(t, "/client/notices", reqs[0].Path)
			assert.Equal(t, "towed", reqs[0].Body["kind"])
			assert.Equal(t, "/ops/alerts", reqs[1].Path)
			assert.Equal(t, "/beneficiary/offers", reqs[2].Path)
			assert.Equal(t, []any{"hotel"}, reqs[2].Body["services"])
			assert.Equal(t, "/valet/notices", reqs[3].Path)
			assert.Equal(t, "assistance_dispatched", reqs[3].Body["kind"])
		})
	}
	err := providers.NewNotifier(providers.NotifierConfig{}).AlertOps(context.Background(), activities.OpsAlert{})
	checkErr(t, refused, err)
	// Without its own URL, the valet's notices go to the offers URL, as before.
	srv := newServer(t, reply(202, ""))
	n := providers.NewNotifier(providers.NotifierConfig{OffersURL: srv.URL + "/beneficiary/offers"})
	require.NoError(t, n.NotifyValet(context.Background(), activities.ValetNotice{MissionID: "M-1004", Kind: contract.ValetPositionRequested}))
	assert.Equal(t, "/beneficiary/offers", srv.requests()[0].Path)
}

func TestInformAssistance(t *testing.T) {
	for _, tc := range []struct {
		name   string
		handle http.HandlerFunc
		want   outcome
		ref    string
	}{
		{"201", reply(201, `{"reference":"INFO-1"}`), answered, "INFO-1"},
		{"200 replayed", reply(200, `{"reference":"INFO-1"}`, "Idempotent-Replayed", "true"), answered, "INFO-1"},
		{"201 without a body", reply(201, ""), answered, ""},
		{"400", reply(400, `{"error":"vehicle: required"}`), refused, ""},
		{"503", reply(503, ""), unreachable, ""},
		{"dropped", drop, unreachable, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			r, err := client(srv.URL).InformAssistance(context.Background(), activities.AssistanceNotice{IdempotencyKey: caseID + "/informed",
				CaseID: caseID, MissionID: "M-1004", Provider: "byd-assistance", BrokeDownAt: "2026-03-10T08:15:00Z", ReportedAt: "2026-03-10T08:16:00Z"})
			checkErr(t, tc.want, err)
			assert.Equal(t, tc.ref, r.Reference)
			reqs := srv.requests()
			require.NotEmpty(t, reqs)
			assert.Equal(t, "/providers/byd-assistance/breakdown-notices", reqs[0].Path)
			assert.Equal(t, caseID+"/informed", reqs[0].Key, "the same key for every retry")
			assert.Equal(t, []any{}, reqs[0].Body["symptoms"])
		})
	}
}

func TestMissions(t *testing.T) {
	srv := newServer(t, reply(201, ""))
	m := providers.NewMissions(srv.URL+"/missions/updates", 0, nil)
	u := activities.MissionUpdate{IdempotencyKey: caseID + "/mission/reorganised", CaseID: caseID, MissionID: "M-1004",
		Mission: contract.MissionReorganised, Reason: "towed"}
	require.NoError(t, m.UpdateMission(context.Background(), u))
	r := srv.requests()[0]
	assert.Equal(t, "/missions/updates", r.Path)
	assert.Equal(t, u.IdempotencyKey, r.Key)
	assert.Equal(t, "reorganised", r.Body["mission"])

	u.IdempotencyKey = ""
	checkErr(t, refused, m.UpdateMission(context.Background(), u))

	down := newServer(t, reply(503, ""))
	u.IdempotencyKey = "k"
	checkErr(t, unreachable, (&providers.HTTPMissions{URL: down.URL}).UpdateMission(context.Background(), u))
}
