package webhooksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// The webhooks a party sends to our API (providers, repairers, warranty
// managers) are signed with SignRequest: the HMAC-SHA256, with one key of the
// party's own ring, of
//
//	"v2" LF METHOD LF PATH LF TIMESTAMP LF BODY
//
// where PATH is the path of the URL the request is sent to, as sent (e.g.
// /v1/providers/byd-assistance/events: it names the party), TIMESTAMP the
// value of HeaderTimestamp and BODY the raw body. A signature is therefore
// worth nothing for another party, another route, another method or another
// body, and nothing after the timestamp window. The header carries
// "sha256=" and the lower-case hex of the MAC, as with Sign.

// scheme opens the string a request signature covers.
const scheme = "v2"

// SignRequest returns the two header values of a request to path, signed at
// ts with key.
func SignRequest(key Key, method, path string, ts time.Time, body []byte) (timestampHeader, signatureHeader string) {
	timestampHeader = strconv.FormatInt(ts.Unix(), 10)
	return timestampHeader, prefix + hex.EncodeToString(requestMAC(key.Secret, method, path, timestampHeader, body))
}

// VerifyRequest checks the timestamp window and the signature of a request
// against every key of ring (in constant time each), and returns the id of the
// key that signed it. Its errors are ErrTimestamp, ErrStale and ErrSignature;
// each means the request must be answered 401. A window of 0 means
// DefaultWindow.
func VerifyRequest(ring *Ring, method, path, timestampHeader, signatureHeader string, body []byte, now time.Time, window time.Duration) (keyID string, err error) {
	if window <= 0 {
		window = DefaultWindow
	}
	ts := strings.TrimSpace(timestampHeader)
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || secs <= 0 {
		return "", ErrTimestamp
	}
	skew := now.Sub(time.Unix(secs, 0))
	if skew > window || skew < -window {
		return "", ErrStale
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(signatureHeader), prefix)
	if !ok {
		return "", ErrSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size || ring == nil {
		return "", ErrSignature
	}
	found := ""
	for _, k := range ring.keys {
		if hmac.Equal(got, requestMAC(k.Secret, method, path, ts, body)) {
			found = k.ID
		}
	}
	if found == "" {
		return "", ErrSignature
	}
	return found, nil
}

func requestMAC(secret []byte, method, path, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	for _, part := range []string{scheme, method, path, timestamp} {
		h.Write([]byte(part))
		h.Write([]byte{'\n'})
	}
	h.Write(body)
	return h.Sum(nil)
}
