package simulator

import (
	"net/http"
	"time"

	"github.com/valetops/assistance/simulation/network"
)

// modelNow is the network model's time: real time since the start, times the
// scale.
func (s *Simulator) modelNow() time.Time {
	return s.origin.Add(time.Duration(float64(time.Since(s.origin)) * s.cfg.TimeScale))
}

// realTime is when a moment of model time comes in real time.
func (s *Simulator) realTime(t time.Time) time.Time {
	return s.origin.Add(s.scaled(t.Sub(s.origin)))
}

// modelAnswerLocked answers an order of an unscripted mission from the network
// model; nil means unreachable. Called with s.mu held.
func (s *Simulator) modelAnswerLocked(provider string, req assignmentRequest) *stored {
	d := s.cfg.Network.Offer(s.modelNow(), network.Order{
		Provider: provider, MissionID: req.MissionID, CaseID: req.CaseID, Service: req.Service,
		Nature: req.Nature, Payer: req.Payer, TowTo: req.TowTo,
		Lat: req.Location.Lat, Lon: req.Location.Lon, WeightKg: req.Vehicle.WeightKg,
	})
	switch d.Verdict {
	case network.Busy:
		return s.busy(d.RetryAfter)
	case network.Rejected:
		return newStored(http.StatusUnprocessableEntity, map[string]string{"status": "rejected", "reason": d.Reason}, nil, "")
	case network.Accepted, network.Acknowledged:
		a := &assignment{id: d.AssignmentID, provider: provider, mission: req.MissionID, callback: req.CallbackURL,
			events: s.modelEvents(d.Events), modelled: true}
		held := d.Verdict == network.Accepted || (len(d.Events) > 0 && d.Events[0].Kind == network.OfferAccepted)
		s.openLocked(a, held)
		if d.Verdict == network.Acknowledged {
			return newStored(http.StatusAccepted, map[string]string{"status": "acknowledged", "assignment_id": a.id}, nil, a.id)
		}
		return newStored(http.StatusCreated, map[string]any{"assignment_id": a.id, "status": "accepted",
			"eta_seconds": s.seconds(d.ETA)}, nil, a.id)
	default:
		return nil
	}
}

// modelEvents turns the model's events into webhooks due in real time; their
// ETAs are scaled like every delay the simulator sends.
func (s *Simulator) modelEvents(events []network.Event) []outbound {
	out := make([]outbound, len(events))
	for i, e := range events {
		ev := event{Kind: string(e.Kind), Destination: e.Destination, RepairDays: e.RepairDays, Seats: e.Seats, Note: e.Note}
		switch {
		case e.Kind == network.OfferAccepted || e.Kind == network.NewETA:
			ev.ETASeconds = s.etaSeconds(e.ETA) // a promise is never "already there"
		case e.ETA > 0:
			ev.ETASeconds = s.seconds(e.ETA)
		}
		if ev.Note == "" {
			ev.Note = "network model"
		}
		out[i] = outbound{due: s.realTime(e.At), ev: ev}
	}
	return out
}

// modelQuotes answers a quote request of an unscripted mission from the
// network model.
func (s *Simulator) modelQuotes(w http.ResponseWriter, provider string, req quoteRequest) {
	quotes, ok := s.cfg.Network.Quotes(s.modelNow(), provider, req.Location.Lat, req.Location.Lon)
	if !ok {
		s.unreachable(w)
		return
	}
	options := make([]quote, len(quotes))
	for i, q := range quotes {
		options[i] = quote{Option: q.Option, PriceEUR: q.PriceEUR}
	}
	writeJSON(w, http.StatusOK, map[string]any{"options": options}, nil)
}
