// Package webhooksig signs and verifies webhooks with HMAC-SHA256.
//
// The webhooks parties send to our API (providers, repairers, warranty
// managers; api/openapi.yaml) are signed per party, with the party's own key
// ring, over the method, the path, the timestamp and the body (SignRequest,
// VerifyRequest, Keys). The notices and alerts our cases send out are signed
// over the timestamp and the body with the receiver's secret (Sign, Verify).
// It depends on the standard library only, so a provider (or the simulator)
// can sign without importing our case code.
package webhooksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The headers of a signed webhook.
const (
	// HeaderTimestamp carries when the request was signed, in unix seconds.
	HeaderTimestamp = "X-Assistance-Timestamp"
	// HeaderSignature carries "sha256=" and the hex HMAC of timestamp + "." + body.
	HeaderSignature = "X-Assistance-Signature"
)

// DefaultWindow is how far a timestamp may be from the receiver's clock, either way.
const DefaultWindow = 5 * time.Minute

const prefix = "sha256="

// Errors of Verify; each means the request must be answered 401.
var (
	// ErrTimestamp is a missing or malformed timestamp header.
	ErrTimestamp = errors.New("missing or malformed " + HeaderTimestamp)
	// ErrStale is a timestamp outside the window.
	ErrStale = errors.New(HeaderTimestamp + " is outside the accepted window")
	// ErrSignature is a missing, malformed or wrong signature.
	ErrSignature = errors.New("bad " + HeaderSignature)
)

// Sign returns the two header values of a notice signed at ts: the MAC of
// timestamp + "." + body (the scheme of the notices and alerts we send).
func Sign(secret []byte, ts time.Time, body []byte) (timestampHeader, signatureHeader string) {
	timestampHeader = strconv.FormatInt(ts.Unix(), 10)
	return timestampHeader, prefix + hex.EncodeToString(mac(secret, timestampHeader, body))
}

// Verify checks the timestamp window and the signature of a webhook, comparing
// the signature in constant time. A window of 0 means DefaultWindow.
func Verify(secret []byte, timestampHeader, signatureHeader string, body []byte, now time.Time, window time.Duration) error {
	if window <= 0 {
		window = DefaultWindow
	}
	secs, err := strconv.ParseInt(strings.TrimSpace(timestampHeader), 10, 64)
	if err != nil || secs <= 0 {
		return ErrTimestamp
	}
	skew := now.Sub(time.Unix(secs, 0))
	if skew > window || skew < -window {
		return ErrStale
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(signatureHeader), prefix)
	if !ok {
		return ErrSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return ErrSignature
	}
	if !hmac.Equal(got, mac(secret, strings.TrimSpace(timestampHeader), body)) {
		return ErrSignature
	}
	return nil
}

func mac(secret []byte, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}
