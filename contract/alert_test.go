package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/valetops/assistance/contract/strictjson"
)

func TestAlertKindsThatKeepACaseOpen(t *testing.T) {
	for _, tc := range []struct {
		kind        AlertKind
		needsPerson bool
	}{
		{AlertUnassisted, true},
		{AlertCompensationFailed, true},
		{AlertEtaBreached, false},
		{AlertPositionMissing, true},
		{AlertApprovalExpired, true},
		{AlertWarrantyExpired, true},
		{AlertWarrantyUnreachable, true},
		{AlertMissionNotUpdated, true},
		{AlertProviderSilent, true},
		{AlertVehicleNotFound, true},
		{AlertNotRepairedOnSite, false},
		{AlertServicesUnknown, true},
		{AlertServicesNotOffered, true},
		{AlertServiceNotOrdered, true},
		{AlertSafety, true},
		{AlertClientNotNotified, true},
		{AlertMilestoneFlood, true},
		{AlertHistoryLarge, true},
		{AlertRecordNotWritten, true},
		{AlertOwnerNotNotified, true},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			assert.True(t, tc.kind.Valid())
			assert.Equal(t, tc.needsPerson, tc.kind.NeedsPerson())
		})
	}
	assert.Len(t, AlertKinds(), 20, "every kind is in the table above")
	assert.False(t, AlertKind("flat_tyre").Valid())
	assert.IsIncreasing(t, AlertKinds(), "the table is sorted by kind")
}

func TestUpdatesThatAnswerAlerts(t *testing.T) {
	for _, tc := range []struct {
		kind   AlertKind
		answer OpsAnswer
		clears bool
	}{
		{AlertApprovalExpired, AnswerOverride, true},
		{AlertWarrantyExpired, AnswerOverride, true},
		{AlertMissionNotUpdated, AnswerOverride, true},
		{AlertUnassisted, AnswerOverride, false},
		{AlertUnassisted, AnswerCancel, true},
		{AlertPositionMissing, AnswerLocate, true},
		{AlertCompensationFailed, AnswerCancel, false},
		{AlertEtaBreached, AnswerQualify, false},
		{AlertMilestoneFlood, AnswerCancel, true},
		{AlertHistoryLarge, AnswerCancel, true},
		{AlertHistoryLarge, AnswerOverride, false},
	} {
		assert.Equal(t, tc.clears, tc.kind.AnsweredBy(tc.answer), "%s answered by %s", tc.kind, tc.answer)
	}
}

func TestResolveAndAcknowledgeNameTheField(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		field string
	}{
		{"resolve without kind", ResolveRequest{Operator: "marie", Action: "called"}.Validate(), "kind"},
		{"resolve unknown kind", ResolveRequest{Kind: "flat", Operator: "marie", Action: "called"}.Validate(), "kind"},
		{"resolve without operator", ResolveRequest{Kind: AlertUnassisted, Action: "called"}.Validate(), "operator"},
		{"resolve without action", ResolveRequest{Kind: AlertUnassisted, Operator: "marie", Action: " "}.Validate(), "action"},
		{"acknowledge a kind needing a person", AcknowledgeRequest{Kind: AlertUnassisted, Operator: "marie"}.Validate(), "kind"},
		{"acknowledge without operator", AcknowledgeRequest{Kind: AlertEtaBreached}.Validate(), "operator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Error(t, tc.err)
			assert.Equal(t, tc.field, strictjson.FirstField(tc.err))
		})
	}
	assert.NoError(t, ResolveRequest{Kind: AlertUnassisted, Operator: "marie", Action: "arranged a tow by hand", Note: "Martin"}.Validate())
	assert.NoError(t, AcknowledgeRequest{Kind: AlertEtaBreached, Operator: "marie"}.Validate())
}

func TestTheEdgeAlertsAreRaisedOncePerCase(t *testing.T) {
	for _, k := range []AlertKind{AlertMilestoneFlood, AlertHistoryLarge} {
		assert.True(t, k.OncePerCase(), "%s is raised once per case", k)
		assert.True(t, k.NeedsPerson(), "%s needs a person", k)
	}
	assert.Less(t, HistoryLargeEvents, 10*1024, "ops are alerted before Temporal's warning")
	assert.Less(t, HistoryLargeBytes, 10<<20, "ops are alerted before Temporal's warning")
}
