package simulator_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/simulation/simulator"
)

// TestOwnerNoticesMustBeSigned: playing a lessor, the simulator keeps the
// report notices signed with the owners' secret and refuses the others.
func TestOwnerNoticesMustBeSigned(t *testing.T) {
	secret := []byte("owners-secret-0001")
	sim, srv := start(t, simulator.Config{OwnerNoticesSecret: secret})
	body := []byte(`{"notice_id":"owner-report-breakdown-M-1/r","mission_id":"M-1","owner_id":"C-LEASECO","report_url":"http://x/report/k1.t"}`)
	post := func(sign []byte) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/owner/notices", bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		ts, sig := webhooksig.Sign(sign, time.Now(), body)
		req.Header.Set(webhooksig.HeaderTimestamp, ts)
		req.Header.Set(webhooksig.HeaderSignature, sig)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusUnauthorized, post([]byte("another-secret-0001")))
	assert.Empty(t, sim.Records("/owner/notices", "M-1"))
	assert.Equal(t, http.StatusAccepted, post(secret))
	got := sim.Records("/owner/notices", "M-1")
	require.Len(t, got, 1)
	assert.JSONEq(t, string(body), string(got[0]))
}
