package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// ProviderScript is how one provider answers, as written in the file.
type ProviderScript struct {
	RawDispatch []string `json:"dispatch"`
	RawEvents   []string `json:"events"`
	RawQuotes   []string `json:"quotes"`
	RawServices []string `json:"services"`

	// Dispatch answers the i-th request; the last answer repeats.
	Dispatch []Answer `json:"-"`
	// Events follow an accepted request, at offsets from the acceptance.
	Events []Event `json:"-"`
	// Quotes are the paid options the provider offers when the client pays.
	Quotes []contract.Option `json:"-"`
	// Services answer the additional services ordered from the provider
	// (taxi, replacement vehicle, onward travel, hotel, repatriation), the
	// i-th order the i-th answer, the last repeating; empty: the dispatch
	// answers confirm them (ServiceAnswerFor).
	Services []Answer `json:"-"`
}

// AnswerKind is a kind of answer to a dispatch request.
type AnswerKind string

// The answers a provider can give.
const (
	AnswerAccept      AnswerKind = "accept"
	AnswerBusy        AnswerKind = "busy"
	AnswerUnreachable AnswerKind = "unreachable"
	AnswerReject      AnswerKind = "reject"
	// AnswerSilent: the request is acknowledged and never answered; the offer expires.
	AnswerSilent AnswerKind = "silent"
)

// DefaultRetryAfter is the retry-after of a busy answer that names none.
const DefaultRetryAfter = time.Minute

// Answer is one scripted answer to a dispatch request.
type Answer struct {
	Kind       AnswerKind
	ETA        time.Duration // accept eta=40m
	RetryAfter time.Duration // busy [retry=2m]
	Reason     string        // reject reason=WORD
	// After is how long after an acknowledgement the answer comes by webhook
	// (accept ... after=3m, reject ... after=2m); zero: the answer is given at once.
	After time.Duration
}

// Acknowledged reports whether the provider acknowledges the request at once
// and answers later (or never, for silent).
func (a Answer) Acknowledged() bool { return a.After > 0 || a.Kind == AnswerSilent }

// Event is one scripted milestone after acceptance.
type Event struct {
	Kind        contract.MilestoneKind
	After       time.Duration // +40m after the acceptance
	Destination string        // towed ... to=DEST
	RepairDays  int           // towed ... repair=5d
	ETA         time.Duration // eta +50m eta=20m: the new time until on site
	Seats       *int          // towed ... seats=0 (passenger seats in the truck)
}

// AnswerFor returns the answer to the i-th request (0-based); the last repeats.
// A provider with no dispatch script cannot be reached.
func (p *ProviderScript) AnswerFor(i int) Answer {
	if p == nil || len(p.Dispatch) == 0 {
		return Answer{Kind: AnswerUnreachable}
	}
	if i >= len(p.Dispatch) {
		i = len(p.Dispatch) - 1
	}
	return p.Dispatch[i]
}

// parse reads the three lists of a provider script.
func (p *ProviderScript) parse(field string) error {
	var errs strictjson.FieldErrors
	for i, raw := range p.RawDispatch {
		a, err := ParseAnswer(raw)
		if err != nil {
			errs = append(errs, &strictjson.FieldError{Field: fmt.Sprintf("%s.dispatch[%d]", field, i), Reason: err.Error()})
			continue
		}
		p.Dispatch = append(p.Dispatch, a)
	}
	for i, raw := range p.RawEvents {
		e, err := ParseEvent(raw)
		if err != nil {
			errs = append(errs, &strictjson.FieldError{Field: fmt.Sprintf("%s.events[%d]", field, i), Reason: err.Error()})
			continue
		}
		p.Events = append(p.Events, e)
	}
	for i, raw := range p.RawServices {
		a, err := ParseServiceAnswer(raw)
		if err != nil {
			errs = append(errs, &strictjson.FieldError{Field: fmt.Sprintf("%s.services[%d]", field, i), Reason: err.Error()})
			continue
		}
		p.Services = append(p.Services, a)
	}
	for i, raw := range p.RawQuotes {
		q, err := ParseQuote(raw)
		if err != nil {
			errs = append(errs, &strictjson.FieldError{Field: fmt.Sprintf("%s.quotes[%d]", field, i), Reason: err.Error()})
			continue
		}
		p.Quotes = append(p.Quotes, q)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// ParseAnswer reads "accept eta=40m", "busy", "busy retry=2m", "unreachable",
// "reject reason=WORD", "silent", and the answers that come later by webhook:
// "accept eta=40m after=3m", "reject reason=WORD after=2m".
func ParseAnswer(s string) (Answer, error) {
	words := strings.Fields(s)
	if len(words) == 0 {
		return Answer{}, fmt.Errorf("empty answer; expected %s", answersExpected)
	}
	a := Answer{Kind: AnswerKind(words[0])}
	switch a.Kind {
	case AnswerAccept, AnswerBusy, AnswerUnreachable, AnswerReject, AnswerSilent:
	default:
		return Answer{}, fmt.Errorf("unknown answer %q; expected %s", s, answersExpected)
	}
	opts, err := options(words[1:])
	if err != nil {
		return Answer{}, err
	}
	if after, ok := opts["after"]; ok && (a.Kind == AnswerAccept || a.Kind == AnswerReject) {
		if a.After, err = ParseOffset(after); err != nil || a.After <= 0 {
			return Answer{}, fmt.Errorf("%q: after must be a positive duration such as 3m", s)
		}
		delete(opts, "after")
	}
	switch a.Kind {
	case AnswerAccept:
		eta, ok := opts["eta"]
		if !ok {
			return Answer{}, fmt.Errorf("%q: accept needs eta=DURATION", s)
		}
		if a.ETA, err = ParseOffset(eta); err != nil {
			return Answer{}, err
		}
		delete(opts, "eta")
	case AnswerBusy:
		a.RetryAfter = DefaultRetryAfter
		if r, ok := opts["retry"]; ok {
			if a.RetryAfter, err = ParseOffset(r); err != nil {
				return Answer{}, err
			}
			delete(opts, "retry")
		}
	case AnswerUnreachable, AnswerSilent:
	case AnswerReject:
		a.Reason = opts["reason"]
		if a.Reason == "" {
			return Answer{}, fmt.Errorf("%q: reject needs reason=WORD", s)
		}
		delete(opts, "reason")
	}
	for k := range opts {
		return Answer{}, fmt.Errorf("%q: unknown option %s for %s", s, k, a.Kind)
	}
	return a, nil
}

// ParseServiceAnswer reads an answer to an additional service order:
// "accept", "busy", "unreachable" or "reject reason=WORD".
func ParseServiceAnswer(s string) (Answer, error) {
	words := strings.Fields(s)
	if len(words) == 0 {
		return Answer{}, fmt.Errorf("empty answer; expected %s", serviceAnswersExpected)
	}
	a := Answer{Kind: AnswerKind(words[0])}
	opts, err := options(words[1:])
	if err != nil {
		return Answer{}, err
	}
	switch a.Kind {
	case AnswerAccept, AnswerUnreachable:
	case AnswerBusy:
		a.RetryAfter = DefaultRetryAfter
	case AnswerReject:
		a.Reason = opts["reason"]
		if a.Reason == "" {
			return Answer{}, fmt.Errorf("%q: reject needs reason=WORD", s)
		}
		delete(opts, "reason")
	default:
		return Answer{}, fmt.Errorf("unknown answer %q; expected %s", s, serviceAnswersExpected)
	}
	for k := range opts {
		return Answer{}, fmt.Errorf("%q: unknown option %s for %s", s, k, a.Kind)
	}
	return a, nil
}

// serviceAnswersExpected lists the answers to a service order for error messages.
const serviceAnswersExpected = "accept, busy, unreachable or reject reason=…"

// ParseEvent reads "on_site +40m", "towed +90m to=DEST", "towed +90m to=DEST repair=5d",
// "eta +50m eta=20m" (a new promise: on site 20 minutes after it is sent),
// "towed +90m to=DEST seats=0", "fixed_by_phone +8m".
func ParseEvent(s string) (Event, error) {
	words := strings.Fields(s)
	if len(words) < 2 || !strings.HasPrefix(words[1], "+") {
		return Event{}, fmt.Errorf("%q: expected KIND +OFFSET, such as on_site +40m", s)
	}
	e := Event{Kind: contract.MilestoneKind(words[0])}
	if !e.Kind.Valid() || e.Kind.OfferAnswer() {
		return Event{}, fmt.Errorf("unknown event %q; expected one of %s", words[0], strings.Join(eventKinds(), ", "))
	}
	after, err := ParseOffset(words[1][1:])
	if err != nil {
		return Event{}, err
	}
	e.After = after
	opts, err := options(words[2:])
	if err != nil {
		return Event{}, err
	}
	for k, v := range opts {
		switch {
		case k == "to" && e.Kind == contract.MilestoneTowed:
			e.Destination = v
		case k == "seats" && e.Kind == contract.MilestoneTowed:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return Event{}, fmt.Errorf("%q: seats must be a whole number, 0 or more", s)
			}
			e.Seats = &n
		case k == "repair" && e.Kind == contract.MilestoneTowed:
			d, err := ParseOffset(v)
			if err != nil || d%(24*time.Hour) != 0 {
				return Event{}, fmt.Errorf("%q: repair must be a number of days such as 5d", s)
			}
			e.RepairDays = int(d / (24 * time.Hour))
		case k == "eta" && e.Kind == contract.MilestoneETA:
			if e.ETA, err = ParseOffset(v); err != nil || e.ETA <= 0 {
				return Event{}, fmt.Errorf("%q: eta must be a positive duration such as 20m", s)
			}
		default:
			return Event{}, fmt.Errorf("%q: unknown option %s for %s", s, k, e.Kind)
		}
	}
	if e.Kind == contract.MilestoneTowed && e.Destination == "" {
		return Event{}, fmt.Errorf("%q: towed needs to=DESTINATION", s)
	}
	if e.Kind == contract.MilestoneETA && e.ETA == 0 {
		return Event{}, fmt.Errorf("%q: eta needs eta=DURATION, the new time until on site", s)
	}
	return e, nil
}

// ParseQuote reads "OPTION PRICE_EUR", such as "tow 180".
func ParseQuote(s string) (contract.Option, error) {
	words := strings.Fields(s)
	if len(words) != 2 {
		return contract.Option{}, fmt.Errorf("%q: expected OPTION PRICE_EUR, such as tow 180", s)
	}
	price, err := strconv.ParseFloat(words[1], 64)
	if err != nil || price < 0 || math.IsNaN(price) || math.IsInf(price, 0) {
		return contract.Option{}, fmt.Errorf("%q: the price must be a number of euros", s)
	}
	return contract.Option{Option: words[0], PriceEUR: price}, nil
}

// options reads key=value words.
func options(words []string) (map[string]string, error) {
	out := map[string]string{}
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("%q: expected key=value", w)
		}
		out[k] = v
	}
	return out, nil
}

// answersExpected lists the dispatch answers for error messages.
const answersExpected = "accept eta=… [after=…], busy [retry=…], unreachable, reject reason=… [after=…] or silent"

// eventKinds are the milestones a script may play after an acceptance (the
// answers to an offer are the dispatch answers' own).
func eventKinds() []string {
	var out []string
	for _, k := range contract.MilestoneKinds() {
		if !contract.MilestoneKind(k).OfferAnswer() {
			out = append(out, k)
		}
	}
	return out
}
