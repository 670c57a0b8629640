package activities

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/valetops/assistance/rules/coverage"
)

// sink records what the notifier is asked to send, or fails with err.
type sink struct {
	client []ClientNotice
	valet  []ValetNotice
	err    error
}

func (s *sink) NotifyClient(_ context.Context, n ClientNotice) error {
	s.client = append(s.client, n)
	return s.err
}
func (s *sink) AlertOps(context.Context, OpsAlert) error          { return s.err }
func (s *sink) OfferServices(context.Context, ServiceOffer) error { return s.err }
func (s *sink) NotifyValet(_ context.Context, n ValetNotice) error {
	s.valet = append(s.valet, n)
	return s.err
}

func TestNoticesInTheClientsLanguage(t *testing.T) {
	out := &sink{}
	a := &Activities{Notifier: out, Settings: FixedSettings{Default: rules.DefaultSettings(), LanguageByClient: map[string]string{"C-UK": "en"}}}
	facts := &contract.NoticeFacts{Plate: "AB-123-CD", Destination: "authorised_repairer", RepairDays: 2}
	r, err := a.NotifyClient(context.Background(), ClientNotice{ClientID: "C-DEALER", Kind: contract.NoticeTowed, Facts: facts})
	require.NoError(t, err)
	assert.Equal(t, "fr", r.Language, "French by default")
	assert.Equal(t, "Véhicule remorqué", r.Title)
	assert.Contains(t, r.Message, "remorqué chez un réparateur agréé")
	assert.Equal(t, r.Message, out.client[0].Message, "the notifier sends what was written")
	assert.Equal(t, "fr", out.client[0].Language)

	r, err = a.NotifyClient(context.Background(), ClientNotice{ClientID: "C-UK", Kind: contract.NoticeTowed, Facts: facts})
	require.NoError(t, err)
	assert.Contains(t, r.Message, "towed to an authorised repairer", "the client's own language")

	r, err = a.NotifyClient(context.Background(), ClientNotice{ClientID: "C-UK", Kind: contract.NoticeTowed, Message: "as written"})
	require.NoError(t, err)
	assert.Equal(t, "as written", r.Message, "a notice without facts is sent as it is")

	_, err = a.NotifyClient(context.Background(), ClientNotice{Kind: "teleported", Facts: facts})
	var app *temporal.ApplicationError
	require.ErrorAs(t, err, &app)
	assert.True(t, app.NonRetryable(), "an unknown kind is not retried")
}

func TestARefusedNoticeIsNotRetried(t *testing.T) {
	a := &Activities{Notifier: &sink{err: fmt.Errorf("%w: 410 gone", ErrRefused)}}
	_, err := a.NotifyClient(context.Background(), ClientNotice{Kind: contract.NoticeQualified, Message: "m"})
	var app *temporal.ApplicationError
	require.ErrorAs(t, err, &app)
	assert.True(t, app.NonRetryable())
	a = &Activities{Notifier: &sink{err: errors.New("503")}}
	_, err = a.NotifyClient(context.Background(), ClientNotice{Kind: contract.NoticeQualified, Message: "m"})
	require.Error(t, err)
	assert.False(t, errors.As(err, &app), "anything else is retried")
}

func TestValetNotices(t *testing.T) {
	out := &sink{}
	a := &Activities{Notifier: out}
	r, err := a.NotifyValet(context.Background(), ValetNotice{Kind: contract.ValetAssistanceDispatched, Link: "https://x.test/track/k",
		Facts: &contract.NoticeFacts{Plate: "AB-123-CD", Provider: "byd-assistance", Handler: contract.HandlerManufacturer, ETAMinutes: 40}})
	require.NoError(t, err)
	assert.Contains(t, r.Message, "https://x.test/track/k", "the tracking link")
	assert.Contains(t, r.Message, "40 min")
	require.Len(t, out.valet, 1)
	assert.Equal(t, contract.ValetAssistanceDispatched, out.valet[0].Kind)

	require.NoError(t, a.RequestPosition(context.Background(), ValetNotice{MissionID: "M-1", Facts: &contract.NoticeFacts{Plate: "AB-123-CD"}}))
	require.Len(t, out.valet, 2)
	assert.Equal(t, contract.ValetPositionRequested, out.valet[1].Kind)
	assert.Contains(t, out.valet[1].Message, "/valet/position?mission=M-1", "the position link, written in")
}

// informer takes every information, or fails.
type informer struct {
	got []AssistanceNotice
	err error
}

func (i *informer) InformAssistance(_ context.Context, n AssistanceNotice) (AssistanceReceipt, error) {
	i.got = append(i.got, n)
	return AssistanceReceipt{Reference: "INFO-1"}, i.err
}

func TestInformAssistance(t *testing.T) {
	n := AssistanceNotice{IdempotencyKey: "k", Provider: "byd-assistance", ReportedAt: "2026-03-10T09:05:00Z"}
	i := &informer{}
	got, err := (&Activities{Informer: i}).InformAssistance(context.Background(), n)
	require.NoError(t, err)
	assert.Equal(t, contract.AssistanceInformed{Provider: "byd-assistance", At: "2026-03-10T09:05:00Z", Reached: true, Reference: "INFO-1"}, got)

	_, err = (&Activities{Informer: &informer{err: errors.New("connection refused")}}).InformAssistance(context.Background(), n)
	var app *temporal.ApplicationError
	require.ErrorAs(t, err, &app)
	assert.Equal(t, ErrTypeUnreachable, app.Type(), "retried, then recorded unreached by the case")
	unreached := n.Unreached("connection refused")
	assert.False(t, unreached.Reached)
	assert.Equal(t, n.ReportedAt, unreached.At, "still informed at the report")
	assert.Contains(t, unreached.Note, "counted as informed")

	got, err = (&Activities{}).InformAssistance(context.Background(), n)
	require.NoError(t, err)
	assert.False(t, got.Reached, "no way to inform it: recorded, unreached")
}

func TestCoverageVerdictTerms(t *testing.T) {
	cat, err := coverage.Builtin()
	require.NoError(t, err)
	r := contract.Report{At: "2026-03-10T08:15:00Z", Vehicle: contract.Vehicle{Kind: contract.KindNew, DeliveredOn: "2025-06-01", MaintenanceFollowed: true,
		RegistrationCountry: "FR", Assistance: &contract.VehicleAssistance{Type: contract.AssistanceManufacturer, Provider: "byd-assistance", Program: "byd-eu"}},
		Location: contract.Location{Country: "FR", PublicRoad: true}.WithPosition(45.7, 4.8), Symptoms: []string{"no_start"}}
	v, err := (&Activities{Programs: cat}).EvaluateCoverage(context.Background(), r, contract.Qualification{Origin: contract.OriginMechanical, Nature: contract.NatureHVBatteryDischarged})
	require.NoError(t, err)
	assert.Equal(t, contract.HandlerManufacturer, v.Handler)
	terms := v.Terms()
	require.NotNil(t, terms)
	assert.Equal(t, rules.ProgramTerms{Provider: "byd-assistance", Payer: contract.PayerManufacturer, Covers: true, TowTo: "charging_point", TowMaxKm: 50}, *terms)
	assert.Nil(t, CoverageVerdict{}.Terms(), "an unknown program says nothing")
}

func TestMergePriorCases(t *testing.T) {
	have := []contract.PriorCase{{At: "2026-01-14T07:40:00Z", Nature: "hv_battery_discharged"}, {At: "2026-02-01T07:40:00Z", Nature: "engine", CaseID: "c2"}}
	more := []contract.PriorCase{
		{At: "2026-01-14T07:40:00Z", Nature: "hv_battery_discharged", Origin: contract.OriginValetError, Handler: contract.HandlerOperatorPartner, CaseID: "c1"},
		{At: "2026-02-01T08:00:00Z", Nature: "engine", CaseID: "c2"},
		{At: "2026-02-20T18:05:00Z", Nature: "hv_battery_discharged", CaseID: "c3"},
	}
	got := mergePriorCases(have, more)
	require.Len(t, got, 3, "the same moment and nature, or the same case ID, is one case")
	assert.Equal(t, contract.OriginValetError, got[0].Origin, "what our record says is kept")
	assert.Equal(t, contract.HandlerOperatorPartner, got[0].Handler)
	assert.Equal(t, "c1", got[0].CaseID)
	assert.Equal(t, "c3", got[2].CaseID)
}
