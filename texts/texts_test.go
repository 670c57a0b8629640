package texts

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryKeyInEveryLanguage(t *testing.T) {
	for key := range french {
		assert.NotEmpty(t, english[key], "english lacks %q", key)
	}
	for key := range english {
		assert.NotEmpty(t, french[key], "french lacks %q", key)
	}
	assert.Equal(t, French, For("").Lang(), "French by default")
	assert.Equal(t, French, For("de").Lang(), "a language without a catalogue gets French")
	assert.Equal(t, English, For("en").Lang())
	assert.True(t, Known("en"))
	assert.False(t, Known("de"))
}

// Every word a notice may name has its word in every language.
func TestEveryIdentifierHasItsWords(t *testing.T) {
	for _, lang := range Languages() {
		c := For(lang)
		for _, n := range contract.Natures() {
			assert.Contains(t, c, "nature_"+n, lang)
		}
		for _, o := range contract.Origins() {
			assert.Contains(t, c, "origin_"+o, lang)
		}
		for _, h := range contract.Handlers() {
			assert.Contains(t, c, "handler_"+h, lang)
		}
		for _, s := range []contract.Service{"phone_help", "on_site_repair", "tow", "replacement_vehicle", "onward_travel", "hotel", "taxi", "transfer", "repatriation"} {
			assert.Contains(t, c, "service_"+string(s), lang)
		}
		for _, m := range []contract.MissionStatus{contract.MissionResumed, contract.MissionSuspended, contract.MissionReorganised, contract.MissionStopped} {
			assert.Contains(t, c, "mission_"+string(m), lang)
		}
		for _, w := range []string{contract.WhyBusy, contract.WhyUnreachable, contract.WhyRejected, contract.WhyOfferExpire, contract.WhyLate, contract.WhyTooLong, contract.WhyNoneLeft} {
			assert.Contains(t, c, "why_"+w, lang)
		}
		for _, r := range []string{"out_of_zone", "trade_plates", "excluded_usage", "expired", "non_public_road", "reported_late", "excluded_event", "yearly_limit"} {
			assert.Contains(t, c, "approval_reason_not_covered:"+r, lang)
		}
		for _, k := range contract.NoticeKinds() {
			assert.Contains(t, c, "notice_"+string(k), "%s: the title of %s", lang, k)
			assert.Contains(t, c, "notice_body_"+string(k), "%s: the body of %s", lang, k)
		}
		for _, k := range contract.ValetNoticeKinds() {
			assert.Contains(t, c, "valet_"+string(k), lang)
			assert.Contains(t, c, "valet_body_"+string(k), lang)
		}
	}
}

// facts says everything a notice may say.
func facts() contract.NoticeFacts {
	return contract.NoticeFacts{
		MissionID: "M-8325", Plate: "GA-025-BY", Secured: true,
		Origin: contract.OriginMechanical, Nature: contract.NatureMartenBite,
		Provider: "byd-assistance", Handler: contract.HandlerManufacturer,
		ETA: "2026-04-21T10:40:00Z", ETAMinutes: 40, LateMinutes: 35,
		Why: contract.WhyBusy, Alternative: "res-assistance",
		Destination: "authorised_repairer", RepairDays: 3,
		Service: contract.ServiceHotel, Reference: "byd-hotel-1", Until: "2026-04-24",
		Options:        []contract.Option{{Option: "tow", PriceEUR: 190, Provider: "byd-assistance"}},
		ApprovalReason: "not_covered:trade_plates", DeadlineMinutes: 120,
		Mission:     contract.MissionReorganised,
		EventNumber: "EV-123", RatesCountry: "FR",
		Warranty: "partial:800", CoveredEUR: 800, ClientShareEUR: 1300,
		CancelledBy: "ops", Link: "https://example.test/track/k1",
	}
}

// raw tokens a reader must never see: identifiers, template leftovers.
var rawToken = regexp.MustCompile(`[a-z]+_[a-z_]+|<no value>|%!|\{\{`)

func TestEveryNoticeRendersInWords(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	for _, lang := range Languages() {
		for _, k := range contract.NoticeKinds() {
			r, err := Notice(lang, k, facts(), paris)
			require.NoError(t, err, "%s %s", lang, k)
			assert.Equal(t, lang, r.Lang)
			assert.NotEmpty(t, r.Title)
			assert.NotEmpty(t, r.Body, "%s %s", lang, k)
			body := strings.ReplaceAll(r.Body, "byd-assistance", "")
			body = strings.ReplaceAll(body, "res-assistance", "")
			body = strings.ReplaceAll(body, "byd-hotel-1", "")
			assert.False(t, rawToken.MatchString(body), "%s %s says a raw token: %s", lang, k, r.Body)
		}
		for _, k := range contract.ValetNoticeKinds() {
			r, err := ValetNotice(lang, k, facts(), paris)
			require.NoError(t, err, "%s %s", lang, k)
			assert.NotEmpty(t, r.Body)
		}
	}
	_, err = Notice(French, "teleported", facts(), nil)
	assert.ErrorContains(t, err, `"teleported"`)
}

func TestNoticesSayTheFacts(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	body := func(lang string, k contract.NoticeKind, edit func(*contract.NoticeFacts)) string {
		f := facts()
		if edit != nil {
			edit(&f)
		}
		r, err := Notice(lang, k, f, paris)
		require.NoError(t, err)
		return r.Body
	}
	// The first notice says secured only when the report says so.
	assert.Contains(t, body(French, contract.NoticeBreakdownReported, nil), "il est en sécurité")
	assert.NotContains(t, body(French, contract.NoticeBreakdownReported, func(f *contract.NoticeFacts) { f.Secured = false }), "sécurité")
	assert.Contains(t, body(English, contract.NoticeBreakdownReported, nil), "it is secured")
	// Words, not tokens; the case's own minutes, the client's clock.
	assert.Contains(t, body(French, contract.NoticeTowed, nil), "remorqué chez un réparateur agréé")
	assert.Contains(t, body(English, contract.NoticeTowed, nil), "towed to an authorised repairer")
	assert.Contains(t, body(French, contract.NoticeAssistanceDispatched, nil), "arrivée prévue à 12:40 (dans 40 min)")
	assert.Contains(t, body(English, contract.NoticeAssistanceDispatched, func(f *contract.NoticeFacts) { f.ETAMinutes = 90 }), "(in 1 h 30 min)")
	assert.Contains(t, body(French, contract.NoticeAssistanceDispatched, func(f *contract.NoticeFacts) { f.ETAMinutes = 90 }), "(dans 1 h 30)")
	assert.Contains(t, body(French, contract.NoticeQualified, nil), "morsure de martre")
	// Why the client pays.
	assert.Contains(t, body(French, contract.NoticeApprovalRequested, nil), "plaques W garage")
	assert.Contains(t, body(French, contract.NoticeApprovalRequested, nil), "Remorquage (190,00 €, byd-assistance)")
	assert.Contains(t, body(English, contract.NoticeApprovalRequested, func(f *contract.NoticeFacts) { f.ApprovalReason = "no_assistance" }), "the vehicle has no assistance of its own")
	assert.Contains(t, body(English, contract.NoticeApprovalRequested, func(f *contract.NoticeFacts) { f.ApprovalReason = "not_covered:something_new" }), "does not cover this breakdown")
	// Services, the warranty abroad, the warranty's decision.
	assert.Contains(t, body(French, contract.NoticeServiceOrdered, nil), "Service commandé auprès de byd-assistance : l'hébergement à l'hôtel jusqu'au 24/04/2026")
	abroad := body(French, contract.NoticeWarrantyAbroad, nil)
	assert.Contains(t, abroad, "EV-123")
	assert.Contains(t, abroad, "facture acquittée en original, au barème pièces et main d'œuvre applicable en France")
	assert.Contains(t, body(English, contract.NoticeWarrantyAbroad, nil), "applicable in France")
	assert.Contains(t, body(French, contract.NoticeWarrantyDecision, nil), "800,00 €")
	assert.Contains(t, body(French, contract.NoticeWarrantyDecision, func(f *contract.NoticeFacts) { f.Warranty = "covered" }), "en totalité")
	assert.Contains(t, body(French, contract.NoticeAssistanceUnavailable, nil), "byd-assistance est saturée : nous avons mis en place une solution alternative avec res-assistance")
	assert.Contains(t, body(French, contract.NoticeAssistanceUnavailable, func(f *contract.NoticeFacts) { f.Why = contract.WhyNoneLeft }), "la mission est suspendue")
	assert.Contains(t, body(French, contract.NoticeRepaired, func(f *contract.NoticeFacts) { f.Service = contract.ServicePhoneHelp }), "par téléphone")
	assert.Contains(t, body(French, contract.NoticeMissionDecision, nil), "La mission est réorganisée")
}

func TestValetNotices(t *testing.T) {
	r, err := ValetNotice(French, contract.ValetAssistanceDispatched, facts(), nil)
	require.NoError(t, err)
	assert.Contains(t, r.Body, "https://example.test/track/k1", "the tracking link")
	assert.Contains(t, r.Body, "dans 40 min", "the ETA")
	r, err = ValetNotice(English, contract.ValetPositionRequested, facts(), nil)
	require.NoError(t, err)
	assert.Contains(t, r.Body, "https://example.test/track/k1")
	r, err = ValetNotice(French, contract.ValetServiceOrdered, facts(), nil)
	require.NoError(t, err)
	assert.Contains(t, r.Body, "Service commandé pour vous auprès de byd-assistance : l'hébergement à l'hôtel")
}

func TestWordsOfTheCatalogue(t *testing.T) {
	fr, en := For(French), For(English)
	assert.Equal(t, "180,00 €", fr.Price(180))
	assert.Equal(t, "€180.00", en.Price(180))
	assert.Equal(t, "15 min", fr.Duration(15))
	assert.Equal(t, "2 h", en.Duration(120))
	assert.Equal(t, "chez un réparateur agréé", fr.Word("dest_", "authorised_repairer"))
	assert.Equal(t, "somewhere_else", fr.Word("dest_", "somewhere_else"), "an unknown word stays as it is")
	assert.Empty(t, fr.ApprovalReason(""))
}
