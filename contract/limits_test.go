package contract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"

	"github.com/valetops/assistance/contract/strictjson"
)

// TestWhoActedIsANameNotAText: operator and by are bounded and hold no
// control character (a line break would forge a second line of the trace);
// ops' texts are bounded and may hold line breaks.
func TestWhoActedIsANameNotAText(t *testing.T) {
	long := strings.Repeat("x", MaxPerson+1)
	text := strings.Repeat("y", MaxText+1)
	for _, tc := range []struct {
		name, field string
		err         error
	}{
		{"qualify operator with a line break", "operator", QualifyRequest{Origin: OriginMechanical, Nature: NatureEngine, Operator: "marie\nqualified by rules"}.Validate()},
		{"qualify operator too long", "operator", QualifyRequest{Origin: OriginMechanical, Nature: NatureEngine, Operator: long}.Validate()},
		{"qualify note too long", "note", QualifyRequest{Origin: OriginMechanical, Nature: NatureEngine, Note: text}.Validate()},
		{"override operator with an escape", "operator", OverrideRequest{Mission: MissionStopped, Reason: "r", Operator: "bob\x1b[2J"}.Validate()},
		{"override reason too long", "reason", OverrideRequest{Mission: MissionStopped, Reason: text}.Validate()},
		{"resolve operator with a line separator", "operator", ResolveRequest{Kind: AlertUnassisted, Operator: "marie\u2028x", Action: "a"}.Validate()},
		{"resolve note too long", "note", ResolveRequest{Kind: AlertUnassisted, Operator: "marie", Action: "a", Note: text}.Validate()},
		{"acknowledge operator with a tab", "operator", AcknowledgeRequest{Kind: AlertEtaBreached, Operator: "ma\trie"}.Validate()},
		{"cancel reason too long", "reason", CancelRequest{By: CancelledByOps, Reason: text}.Validate()},
		{"decide by with a line break", "by", DecideRequest{Choose: "tow", By: "client\napproval page"}.Validate([]Option{{Option: "tow"}}, ApprovalPending)},
		{"decide by not UTF-8", "by", DecideRequest{Choose: "tow", By: "\xff"}.Validate([]Option{{Option: "tow"}}, ApprovalPending)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, tc.err)
			assert.Equal(t, tc.field, strictjson.FirstField(tc.err))
		})
	}
	assert.NoError(t, ResolveRequest{Kind: AlertUnassisted, Operator: "Marie-Hélène", Action: "arranged a tow\nby hand", Note: "Dépannage\tMartin"}.Validate())
	assert.NoError(t, CheckPerson("operator", strings.Repeat("é", MaxPerson)), "characters, not bytes")
	assert.ErrorContains(t, CheckText("note", text), "at most 1000 characters")
}

// TestMilestoneFieldsAreBounded: every text of a milestone has its limit.
func TestMilestoneFieldsAreBounded(t *testing.T) {
	ok := Milestone{EventID: "e1", AssignmentID: "A1", Provider: "p", Kind: MilestoneTowed, Destination: "garage"}
	require.NoError(t, ok.Validate())
	for field, change := range map[string]func(*Milestone){
		"event_id":      func(m *Milestone) { m.EventID = strings.Repeat("e", MaxEventID+1) },
		"assignment_id": func(m *Milestone) { m.AssignmentID = "A1\nA2" },
		"provider":      func(m *Milestone) { m.Provider = strings.Repeat("p", MaxPartyID+1) },
		"at":            func(m *Milestone) { m.At = strings.Repeat("1", MaxEventTime+1) },
		"destination":   func(m *Milestone) { m.Destination = strings.Repeat("d", MaxDestination+1) },
		"address":       func(m *Milestone) { m.Address = strings.Repeat("a", MaxAddress+1) },
		"note":          func(m *Milestone) { m.Note = strings.Repeat("n", 1<<20) },
	} {
		m := ok
		change(&m)
		err := m.Validate()
		require.Error(t, err, field)
		assert.Equal(t, field, strictjson.FirstField(err), field)
	}
	a := Milestone{Provider: "byd-assistance", EventID: "e1", AssignmentID: "A1"}
	b := Milestone{Provider: "evil-tow", EventID: "e1", AssignmentID: "A1"}
	assert.NotEqual(t, a.DedupKey(), b.DedupKey(), "the same event id from two providers is two events")
	assert.True(t, a.Matches("byd-assistance", "A1"))
	assert.False(t, b.Matches("byd-assistance", "A1"), "another provider's assignment")
}

// TestPrincipalHeaderAndSender: the principal travels as a plain header
// payload; the approval page's by is reserved to our API.
func TestPrincipalHeaderAndSender(t *testing.T) {
	ops := Principal{Role: RoleOps, Subject: "marie"}
	payload, err := ops.Payload()
	require.NoError(t, err)
	got, ok := PrincipalOf(map[string]*commonpb.Payload{HeaderPrincipal: payload})
	require.True(t, ok)
	assert.Equal(t, ops, got)
	assert.Equal(t, "ops:marie", got.Identity())
	_, ok = PrincipalOf(nil)
	assert.False(t, ok)
	bad, _ := Principal{Role: "boss", Subject: "x"}.Payload()
	_, ok = PrincipalOf(map[string]*commonpb.Payload{HeaderPrincipal: bad})
	assert.False(t, ok, "an unknown role is no principal")

	api := Principal{Role: RoleAPI, Subject: "api"}
	page := DecideRequest{Choose: "tow", By: ByApprovalPage}
	assert.NoError(t, page.CheckSender(api, true))
	assert.Equal(t, "the client, on the approval page", page.DecidedBy(api, true))
	err = page.CheckSender(ops, true)
	require.Error(t, err)
	assert.Equal(t, "by", strictjson.FirstField(err))
	assert.Error(t, DecideRequest{Choose: "tow", By: "ops"}.CheckSender(api, true), "our API only sends the page's decisions")
	phone := DecideRequest{Choose: "tow", By: "client, by phone"}
	assert.NoError(t, phone.CheckSender(ops, true))
	assert.Equal(t, "ops:marie (for client, by phone)", phone.DecidedBy(ops, true))
	assert.Equal(t, "client, by phone (unauthenticated)", phone.DecidedBy(Principal{}, false))
	for _, r := range Roles() {
		assert.True(t, r.Valid(), r)
	}
}
