package scenario

import (
	"github.com/valetops/assistance/contract"
)

// FORMAT.md, for both rounds: "A request for quotes gets the provider's
// dispatch answer when it cannot quote (busy, unreachable, reject); a provider
// with no quotes cannot quote", and "A taxi (or any additional service) ordered
// from a provider is confirmed by that provider's dispatch answer and gets no
// events". The scripted providers and the simulator read the script the same
// way through these two.

// ServiceRefusal reads a dispatch answer as the answer to an additional
// service order (a taxi, a hotel, ...): "" when it is confirmed (accept, at once
// or later alike), else why it is not (busy, refused, never answered).
// AnswerUnreachable is not a refusal: the provider cannot be reached.
func (a Answer) ServiceRefusal() string {
	switch a.Kind {
	case AnswerAccept, AnswerUnreachable:
		return ""
	case AnswerBusy:
		return "busy"
	case AnswerReject:
		return "refused: " + a.Reason
	default:
		return "no answer"
	}
}

// ServiceAnswerFor is how the provider answers the i-th additional service
// ordered from it (0-based, the last answer repeating), and whether it has
// answers of its own for service orders (FORMAT.md, third round: "Given,
// service orders use these and leave the dispatch answers to dispatch
// requests"). Without them, the caller reads its dispatch answers, as
// before (AnswerFor, whose count service orders share).
func (p *ProviderScript) ServiceAnswerFor(i int) (Answer, bool) {
	if p == nil || len(p.Services) == 0 {
		return Answer{}, false
	}
	if i >= len(p.Services) {
		i = len(p.Services) - 1
	}
	return p.Services[i], true
}

// QuoteAnswer is how the provider answers its i-th request when it is asked
// for quotes: its options, or, when it has none, the dispatch answer that says
// why it cannot quote (an accept without options is "no option to quote").
// A request for quotes does not use up a dispatch answer.
func (p *ProviderScript) QuoteAnswer(i int) ([]contract.Option, Answer) {
	if p != nil && len(p.Quotes) > 0 {
		return append([]contract.Option(nil), p.Quotes...), Answer{Kind: AnswerAccept}
	}
	return nil, p.AnswerFor(i)
}
