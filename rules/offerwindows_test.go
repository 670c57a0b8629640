package rules

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestOfferWindowFor(t *testing.T) {
	tests := []struct {
		name     string
		settings Settings
		provider string
		want     time.Duration
	}{
		{"default", DefaultSettings(), "byd-assistance", 5 * time.Minute},
		{"recorded before offer windows", Settings{}, "byd-assistance", 5 * time.Minute},
		{"recorded before, scaled", Settings{TimeScale: 60}, "byd-assistance", 5 * time.Second},
		{"the client's own", Settings{OfferWindow: 3 * time.Minute}, "byd-assistance", 3 * time.Minute},
		{"a provider's shorter window", Settings{OfferWindow: 5 * time.Minute, ProviderOfferWindows: map[string]time.Duration{"byd-assistance": 2 * time.Minute}}, "byd-assistance", 2 * time.Minute},
		{"a provider's longer window does not stretch the client's", Settings{OfferWindow: 5 * time.Minute, ProviderOfferWindows: map[string]time.Duration{"byd-assistance": 10 * time.Minute}}, "byd-assistance", 5 * time.Minute},
		{"another provider's window", Settings{OfferWindow: 5 * time.Minute, ProviderOfferWindows: map[string]time.Duration{"byd-assistance": 2 * time.Minute}}, "res-assistance", 5 * time.Minute},
		{"scaled with the others", DefaultSettings().Scaled(200), "res-assistance", 1500 * time.Millisecond},
		{"provider windows scale too", Settings{
			OfferWindow:          5 * time.Minute,
			ProviderOfferWindows: map[string]time.Duration{"byd-assistance": 2 * time.Minute},
		}.Scaled(60), "byd-assistance", 2 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.settings.OfferWindowFor(tc.provider))
		})
	}
}

func TestPromiseWindows(t *testing.T) {
	grace, giveUp, maxETA := DefaultSettings().PromiseWindows()
	assert.Equal(t, []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour}, []time.Duration{grace, giveUp, maxETA})
	grace, giveUp, maxETA = Settings{}.PromiseWindows()
	assert.Equal(t, []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour}, []time.Duration{grace, giveUp, maxETA}, "recorded before promises: the defaults")
	grace, giveUp, maxETA = Settings{
		EtaGrace:  15 * time.Minute,
		EtaGiveUp: 45 * time.Minute,
		MaxETA:    90 * time.Minute,
	}.Scaled(15).PromiseWindows()
	assert.Equal(t, []time.Duration{time.Minute, 3 * time.Minute, 6 * time.Minute}, []time.Duration{grace, giveUp, maxETA}, "a client's own, scaled")
}
