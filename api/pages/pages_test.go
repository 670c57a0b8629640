package pages

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/links"
)

func TestEveryLanguageHasEveryText(t *testing.T) {
	for key := range french {
		assert.NotEmpty(t, english[key], "english lacks %q", key)
	}
	for key := range english {
		assert.NotEmpty(t, french[key], "french lacks %q", key)
	}
}

// TestEveryStageAndNoticeHasItsWords: the tracking page says every stage
// and every notice in plain words, in each language.
func TestEveryStageAndNoticeHasItsWords(t *testing.T) {
	stages := []contract.Stage{contract.StageReported, contract.StageQualifying, contract.StageRouting,
		contract.StageDispatching, contract.StageAwaitingApproval, contract.StageAssisting, contract.StageAwaitingChoice,
		contract.StageAwaitingWarranty, contract.StageDeciding, contract.StageAwaitingOps, contract.StageClosed}
	notices := []contract.NoticeKind{contract.NoticeBreakdownReported, contract.NoticeQualified, contract.NoticeAssistanceDispatched,
		contract.NoticeAssistanceUnavailable, contract.NoticeApprovalRequested, contract.NoticeApprovalReminder,
		contract.NoticeEnRoute, contract.NoticeOnSite, contract.NoticeRepaired, contract.NoticeTowed,
		contract.NoticeWarrantyDecision, contract.NoticeMissionDecision, contract.NoticeCaseClosed}
	for _, l := range languages {
		for _, s := range stages {
			assert.NotEmpty(t, l["stage_"+string(s)], "%s: stage %s", l["lang"], s)
		}
		for _, n := range notices {
			assert.NotEmpty(t, l["notice_"+string(n)], "%s: notice %s", l["lang"], n)
		}
		for _, m := range []contract.MissionStatus{contract.MissionResumed, contract.MissionSuspended, contract.MissionReorganised, contract.MissionStopped} {
			assert.NotEmpty(t, l["mission_"+string(m)], "%s: mission %s", l["lang"], m)
		}
	}
}

func TestLanguageFollowsTheBrowser(t *testing.T) {
	for header, want := range map[string]string{
		"":                              "fr",
		"en-GB,en;q=0.9":                "en",
		"fr-FR,fr;q=0.9,en;q=0.8":       "fr",
		"de-DE,de;q=0.9,en;q=0.5":       "en",
		"de-DE":                         "fr",
		"en;q=0.2,fr;q=0.8":             "fr",
		"not a language header at all!": "fr",
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Language", header)
		assert.Equal(t, want, textsFor(r)["lang"], header)
	}
}

// TestRefusedLinksNeverReachACase: a tampered, expired or foreign link gets
// its page and status before any case is asked (Cases is nil here: a call
// would panic).
func TestRefusedLinksNeverReachACase(t *testing.T) {
	keys, err := links.ParseKeys("k1=0123456789abcdef0123")
	require.NoError(t, err)
	now := time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
	mux := http.NewServeMux()
	New(Config{Keys: keys, Now: func() time.Time { return now }}).Register(mux)
	sign := func(a links.Audience, expires time.Time) string {
		tok, err := keys.Sign(links.Claims{CaseID: "breakdown-M-1/run-1", Audience: a, Expires: expires.Unix()})
		require.NoError(t, err)
		return tok
	}
	client := sign(links.Client, now.Add(time.Hour))
	for _, tc := range []struct {
		method, path string
		status       int
		says         string
	}{
		{"GET", links.PathTrack + client[:len(client)-2] + "xx", http.StatusForbidden, "pas valide"},
		{"GET", links.PathTrack + sign(links.Client, now.Add(-time.Second)), http.StatusGone, "a expiré"},
		{"GET", links.PathTrack + sign(links.Valet, now.Add(time.Hour)), http.StatusForbidden, "ne donne pas accès"},
		{"GET", links.PathPosition + client, http.StatusForbidden, "ne donne pas accès"},
		{"POST", links.PathApprove + sign(links.Owner, now.Add(time.Hour)), http.StatusForbidden, "ne donne pas accès"},
		{"GET", links.PathReport + client, http.StatusForbidden, "ne donne pas accès"},
		{"GET", links.PathReport + "garbage", http.StatusForbidden, "pas valide"},
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, strings.NewReader("")))
		body, _ := io.ReadAll(rec.Body)
		assert.Equal(t, tc.status, rec.Code, tc.path)
		assert.Contains(t, string(body), tc.says, tc.path)
		assert.NotContains(t, string(body), "M-1", "a refused link shows nothing of the case")
	}
}

func TestTypedCoordinatesAndMapLinks(t *testing.T) {
	for typed, want := range map[string][2]float64{
		"48.8566, 2.3522": {48.8566, 2.3522},
		"https://www.google.com/maps/@45.764,4.8357,15z": {45.764, 4.8357},
		"geo:-33.86,151.2": {-33.86, 151.2},
		"43.2965 5.3698":   {43.2965, 5.3698},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("manual="+strings.ReplaceAll(typed, "&", "%26")))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		pos, err := readPosition(r)
		if assert.NoError(t, err, typed) {
			assert.Equal(t, want, [2]float64{pos.Lat, pos.Lon}, typed)
			assert.Equal(t, "valet", pos.Source)
		}
	}
	for _, typed := range []string{"12 rue de la Paix, Paris", "95, 200"} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("manual="+typed))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_, err := readPosition(r)
		assert.Error(t, err, typed)
	}
}
