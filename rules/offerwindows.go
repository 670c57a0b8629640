package rules

import "time"

// OfferWindowFor is how long provider has to answer a request it
// acknowledged: the shorter of the client's offer window and the provider's
// own, the default (scaled as the other windows are) where settings recorded
// before offer windows existed leave it zero.
func (s Settings) OfferWindowFor(provider string) time.Duration {
	w := s.OfferWindow
	if w <= 0 {
		w = s.defaults().OfferWindow
	}
	if own, ok := s.ProviderOfferWindows[provider]; ok && own > 0 && own < w {
		w = own
	}
	return w
}

// PromiseWindows returns how late on its promise an assistance may be before
// the client is told (grace) and before the alternative is sent (giveUp), and
// the longest ETA compatible with the mission; the defaults (scaled) where
// settings recorded before them leave them zero.
func (s Settings) PromiseWindows() (grace, giveUp, maxETA time.Duration) {
	d := s.defaults()
	return positiveOr(s.EtaGrace, d.EtaGrace), positiveOr(s.EtaGiveUp, d.EtaGiveUp), positiveOr(s.MaxETA, d.MaxETA)
}

// defaults are the default settings at this settings' time scale.
func (s Settings) defaults() Settings {
	d := DefaultSettings()
	if s.TimeScale > 1 {
		d = d.Scaled(s.TimeScale)
	}
	return d
}

// scaledWindows scales every window of a map; nil stays nil.
func scaledWindows(m map[string]time.Duration, f func(time.Duration) time.Duration) map[string]time.Duration {
	if m == nil {
		return nil
	}
	out := make(map[string]time.Duration, len(m))
	//workflowcheck:ignore builds a map: the order of the keys does not matter
	for k, d := range m {
		out[k] = f(d)
	}
	return out
}
