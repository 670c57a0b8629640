package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract/strictjson"
)

// seedEvents are webhook bodies for both fuzz targets, beside the files in
// testdata/fuzz/FuzzWebhookEvent and testdata/fuzz/FuzzWebhookHandler.
var seedEvents = []string{
	`{"event_id":"A1-e1","assignment_id":"A1","mission_id":"M-1004","kind":"towed","at":"2026-03-10T09:50:00Z","destination":"authorised_repairer","repair_days":5}`,
	`{"event_id":"A1-e2","assignment_id":"A1","mission_id":"M-1004","kind":"en_route","eta_seconds":1200,"note":"stuck in traffic"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"repaired"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"goa"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"unsuccessful"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"charging_point"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_accepted","eta_seconds":1800}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_rejected","note":"no_truck"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"eta","eta_seconds":1200}`,
	// broken
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_accepted"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"offer_rejected"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"flying"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":" "}`,
	`{"event_id":" ","assignment_id":"A1","mission_id":"M-1","kind":"on_site"}`,
	`{"event_id":"e1","assignment_id":"","mission_id":"M-1","kind":"on_site"}`,
	`{"event_id":"e1","assignment_id":"A1","kind":"on_site"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":" ","kind":"on_site"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","provider":"x"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","Kind":"goa"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"x","repair_days":"5"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"x","repair_days":-1}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"x","repair_days":1.5}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"towed","destination":"x","repair_days":1e30}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"en_route","eta_seconds":-60}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","at":"10:00"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","at":null}`,
	`{"event_id":1,"assignment_id":"A1","mission_id":"M-1","kind":"on_site"}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":["on_site"]}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site"}}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site"} {}`,
	`{"event_id":"e1","assignment_id":"A1","mission_id":"M-1","kind":"on_site","kind":"flying"}`,
	`{"event_id":`, ``, `null`, `[]`, `"on_site"`, `{}`, `{"":0}`,
}

// FuzzWebhookEvent: whatever a provider sends, parseEvent never panics. It
// either returns a non-blank mission and a milestone that passes Validate and
// says what the body says, or a refusal naming the field and the reason.
func FuzzWebhookEvent(f *testing.F) {
	for _, s := range seedEvents {
		f.Add("byd-assistance", []byte(s))
	}
	f.Add("", []byte(seedEvents[0]))
	f.Add("res-assistance", []byte(seedEvents[1]))

	f.Fuzz(func(t *testing.T, provider string, body []byte) {
		missionID, m, err := parseEvent(provider, body)
		if err != nil {
			if missionID != "" {
				t.Errorf("a refused event names mission %q", missionID)
			}
			checkRefusal(t, body, err)
			return
		}
		checkMilestone(t, body, provider, missionID, m)
	})
}

// checkMilestone checks an accepted event against its body, independently of
// parseEvent: a milestone that Validate accepts, for a mission, saying what the
// body says.
func checkMilestone(t *testing.T, body []byte, provider, missionID string, m contract.Milestone) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatalf("an accepted event does not pass Milestone.Validate: %v\nbody: %q", err, body)
	}
	if strings.TrimSpace(missionID) == "" {
		t.Fatalf("an accepted event has no mission: %q", body)
	}
	if m.Provider != provider {
		t.Errorf("the milestone is from %q, the webhook was %q's", m.Provider, provider)
	}
	if m.At != "" {
		if _, err := time.Parse(time.RFC3339, m.At); err != nil {
			t.Errorf("accepted at %q: %v", m.At, err)
		}
	}
	if m.ETASeconds < 0 || m.RepairDays < 0 {
		t.Errorf("accepted negative durations: %+v", m)
	}
	var ev providerEvent
	if err := strictjson.Decode(body, &ev); err != nil {
		t.Fatalf("accepted a body the strict decoder refuses: %v\nbody: %q", err, body)
	}
	want := contract.Milestone{EventID: ev.EventID, AssignmentID: ev.AssignmentID, Provider: provider, Kind: ev.Kind,
		At: ev.At, Destination: ev.Destination, RepairDays: ev.RepairDays, ETASeconds: ev.ETASeconds, Note: ev.Note}
	if m != want || missionID != ev.MissionID {
		t.Errorf("the milestone does not say what the body says:\n%+v (mission %q)\n%+v (mission %q)", m, missionID, want, ev.MissionID)
	}
	// The milestone, sent again as a body, is the same event.
	again, err := json.Marshal(providerEvent{EventID: m.EventID, AssignmentID: m.AssignmentID, MissionID: missionID, Kind: m.Kind,
		At: m.At, Destination: m.Destination, RepairDays: m.RepairDays, ETASeconds: m.ETASeconds, Note: m.Note})
	if err != nil {
		t.Fatal(err)
	}
	mission2, m2, err := parseEvent(provider, again)
	if err != nil || mission2 != missionID || m2 != m {
		t.Errorf("the event, sent again, is not the same: %v\n%+v\n%+v", err, m, m2)
	}
}

// checkRefusal checks that err is made of FieldErrors that give a reason and
// name the field, unless the whole body is wrong. It returns the field the
// webhook names.
func checkRefusal(t *testing.T, body []byte, err error) string {
	t.Helper()
	var entries strictjson.FieldErrors
	switch e := err.(type) {
	case *strictjson.FieldError:
		if e == nil {
			t.Fatalf("a nil *FieldError as a non-nil error for %q", body)
		}
		if e.Field == "" {
			if !wholeDocument(e.Reason) {
				t.Fatalf("a refusal without a field is not about the whole body: %q\nbody: %q", e.Reason, body)
			}
			return ""
		}
		entries = strictjson.FieldErrors{e}
	case strictjson.FieldErrors:
		if len(e) == 0 {
			t.Fatalf("an empty FieldErrors as a non-nil error for %q", body)
		}
		entries = e
	default:
		t.Fatalf("the refusal is a %T, not a FieldError: %v\nbody: %q", err, err, body)
	}
	emptyKey := false
	for i, fe := range entries {
		if fe == nil {
			t.Fatalf("entry %d of the refusal is nil: %v", i, err)
		}
		if strings.TrimSpace(fe.Reason) == "" {
			t.Errorf("entry %d (%q) gives no reason: %v\nbody: %q", i, fe.Field, err, body)
		}
		if fe.Field == "" && fe.Reason == "unknown field" {
			emptyKey = true
			continue
		}
		if fe.Field == "" {
			t.Errorf("entry %d names no field: %q\nbody: %q", i, fe.Reason, body)
		}
	}
	if emptyKey {
		t.Fatal(bugEmptyKey)
	}
	return entries[0].Field
}

const bugEmptyKey = `BUG: a body with a member whose key is the empty string ({"": 0}) is refused with ` +
	`FieldError{Field: "", Reason: "unknown field"} (strictjson.Decode joins the empty path with the ` +
	`empty key): the 400 names no field and its error reads just "unknown field"`

// wholeDocument reports whether a refusal without a field is about the whole
// body: not JSON, more than one document, JSON that is not an object, or a
// stray '}' or ']' after the object (encoding/json's own wording).
func wholeDocument(reason string) bool {
	return strings.HasPrefix(reason, "not valid JSON") ||
		strings.HasPrefix(reason, "must be a JSON object, not ") ||
		(strings.HasPrefix(reason, "invalid character ") && strings.HasSuffix(reason, " after top-level value"))
}

// recordingSignaler records every signal.
type recordingSignaler struct {
	mu      sync.Mutex
	signals []recordedSignal
}

type recordedSignal struct {
	workflowID, runID, name string
	arg                     any
}

func (r *recordingSignaler) SignalWorkflow(_ context.Context, workflowID, runID, name string, arg any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.signals = append(r.signals, recordedSignal{workflowID, runID, name, arg})
	return nil
}

func (r *recordingSignaler) all() []recordedSignal {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedSignal(nil), r.signals...)
}

// FuzzWebhookHandler posts the fuzzed body, correctly signed, to the whole
// webhook: it never panics, answers 400 naming the field for a body that is
// not a valid milestone and signals nothing then; a valid milestone is
// signalled once, to the mission's case, and a repeat is not signalled again.
func FuzzWebhookHandler(f *testing.F) {
	for _, s := range seedEvents {
		f.Add([]byte(s))
	}
	secret := []byte("byd-secret-0123456789")
	now := time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC)

	f.Fuzz(func(t *testing.T, body []byte) {
		sig := &recordingSignaler{}
		ring, err := webhooksig.NewRing(webhooksig.Key{ID: "k1", Secret: secret})
		if err != nil {
			t.Fatal(err)
		}
		s := New(Config{Signaler: sig, Keys: webhooksig.Keys{"byd-assistance": ring}, Now: func() time.Time { return now }})
		post := func() (int, map[string]string) {
			req := httptest.NewRequest(http.MethodPost, "/v1/providers/byd-assistance/events", bytes.NewReader(body))
			tsh, sigh := webhooksig.SignRequest(ring.Signing(), http.MethodPost, "/v1/providers/byd-assistance/events", now, body)
			req.Header.Set("X-Assistance-Timestamp", tsh)
			req.Header.Set("X-Assistance-Signature", sigh)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			var out map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("the answer %d is not a JSON object of strings: %v\n%s", rec.Code, err, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("answered %q", ct)
			}
			return rec.Code, out
		}

		status, out := post()
		if len(body) > contract.MaxWebhookBody {
			if status != http.StatusRequestEntityTooLarge || len(sig.all()) != 0 {
				t.Fatalf("a body of %d bytes was answered %d %v", len(body), status, out)
			}
			return
		}
		missionID, m, perr := parseEvent("byd-assistance", body)
		if perr != nil {
			if status != http.StatusBadRequest {
				t.Fatalf("a body that is not a valid milestone (%v) was answered %d %v\nbody: %q", perr, status, out, body)
			}
			if n := len(sig.all()); n != 0 {
				t.Fatalf("a body that is not a valid milestone was signalled %d times: %q", n, body)
			}
			if out["error"] == "" {
				t.Errorf("a 400 without an error: %v", out)
			}
			field := checkRefusal(t, body, perr)
			if out["field"] != field {
				t.Errorf("the 400 names field %q, the refusal %q", out["field"], field)
			}
			if field != "" && !strings.Contains(out["error"], field+": ") {
				t.Errorf("the error %q does not name the field %q", out["error"], field)
			}
			return
		}
		checkMilestone(t, body, "byd-assistance", missionID, m)
		if status != http.StatusAccepted || out["status"] != "accepted" || out["event_id"] != m.EventID {
			t.Fatalf("a valid milestone was answered %d %v\nbody: %q", status, out, body)
		}
		signals := sig.all()
		if len(signals) != 1 {
			t.Fatalf("a valid milestone was signalled %d times", len(signals))
		}
		got := signals[0]
		if got.workflowID != contract.WorkflowID(missionID) || got.runID != "" || got.name != contract.SignalMilestone {
			t.Errorf("signalled %q run %q signal %q", got.workflowID, got.runID, got.name)
		}
		sent, ok := got.arg.(contract.Milestone)
		if !ok {
			t.Fatalf("signalled a %T", got.arg)
		}
		if err := sent.Validate(); err != nil {
			t.Errorf("signalled a milestone Validate refuses: %v", err)
		}
		if !reflect.DeepEqual(sent, m) {
			t.Errorf("signalled %+v, the body says %+v", sent, m)
		}

		// The provider delivers it again: harmless.
		status, out = post()
		if status != http.StatusOK || out["status"] != "duplicate" {
			t.Errorf("a repeated event was answered %d %v", status, out)
		}
		if n := len(sig.all()); n != 1 {
			t.Errorf("a repeated event was signalled again (%d signals)", n)
		}
	})
}
