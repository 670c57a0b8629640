package api

import (
	"time"

	"github.com/valetops/assistance/api/webhooksig"
)

// Sign returns the X-Assistance-Timestamp and X-Assistance-Signature header
// values of a webhook body signed with a provider's secret at ts. Providers (and
// the simulator) sign with it; the webhook checks it with Verify.
func Sign(secret []byte, ts time.Time, body []byte) (timestampHeader, signatureHeader string) {
	return webhooksig.Sign(secret, ts, body)
}

// Verify checks a webhook's timestamp (within window of now, either way; 0 means
// 5 minutes) and its signature, in constant time.
func Verify(secret []byte, timestampHeader, signatureHeader string, body []byte, now time.Time, window time.Duration) error {
	return webhooksig.Verify(secret, timestampHeader, signatureHeader, body, now, window)
}
