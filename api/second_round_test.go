package api_test

import (
	"net/http"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The events of the second round: phone help, and a tow truck with no seat.
func TestPhoneHelpAndSeatsReachTheCase(t *testing.T) {
	sig := &fakeSignaler{}
	srv := newServer(t, sig)
	status, _ := post(t, srv, "byd-assistance", secret, now,
		`{"event_id":"A1-e1","assignment_id":"A1","mission_id":"M-5015","kind":"fixed_by_phone"}`)
	require.Equal(t, http.StatusAccepted, status)
	status, _ = post(t, srv, "byd-assistance", secret, now,
		`{"event_id":"A2-e2","assignment_id":"A2","mission_id":"M-5016","kind":"towed","destination":"lessor_site","seats":0}`)
	require.Equal(t, http.StatusAccepted, status)
	require.Equal(t, 2, sig.count())
	assert.Equal(t, contract.MilestoneFixedByPhone, sig.signals[0].Arg.(contract.Milestone).Kind)
	towed := sig.signals[1].Arg.(contract.Milestone)
	require.NotNil(t, towed.Seats)
	assert.True(t, towed.ValetNeedsTaxi())

	for _, bad := range []struct{ body, field string }{
		{`{"event_id":"A3-e1","assignment_id":"A3","mission_id":"M-1","kind":"towed","destination":"x","seats":-1}`, "seats"},
		{`{"event_id":"A3-e2","assignment_id":"A3","mission_id":"M-1","kind":"towed","destination":"x","seats":null}`, "seats"},
		{`{"event_id":"A3-e3","assignment_id":"A3","mission_id":"M-1","kind":"towed","destination":"x","seats":1.5}`, "seats"},
	} {
		status, out := post(t, srv, "byd-assistance", secret, now, bad.body)
		assert.Equal(t, http.StatusBadRequest, status, bad.body)
		assert.Equal(t, bad.field, out["field"], bad.body)
	}
	assert.Equal(t, 2, sig.count(), "a refused event reaches no case")
}
