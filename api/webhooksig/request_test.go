package webhooksig_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/api/webhooksig"
)

const eventsPath = "/v1/providers/byd-assistance/events"

// TestRequestSignatureNamesPartyRouteAndBody: a signature is good for the
// method, path (which names the party), timestamp and body it was made for,
// and for nothing else.
func TestRequestSignatureNamesPartyRouteAndBody(t *testing.T) {
	keys, err := webhooksig.ParseKeys("byd-assistance=k1:byd-secret-0123456789;res-assistance=k1:res-secret-0123456789")
	require.NoError(t, err)
	byd, res := keys["byd-assistance"], keys["res-assistance"]
	at := time.Unix(1773130500, 0)
	body := []byte(`{"event_id":"e1"}`)
	ts, sig := webhooksig.SignRequest(byd.Signing(), "POST", eventsPath, at, body)
	assert.Regexp(t, `^sha256=[0-9a-f]{64}$`, sig)

	id, err := webhooksig.VerifyRequest(byd, "POST", eventsPath, ts, sig, body, at, 0)
	require.NoError(t, err)
	assert.Equal(t, "k1", id)
	for name, check := range map[string]func() (string, error){
		"another provider's path": func() (string, error) {
			return webhooksig.VerifyRequest(byd, "POST", "/v1/providers/res-assistance/events", ts, sig, body, at, 0)
		},
		"another route": func() (string, error) {
			return webhooksig.VerifyRequest(byd, "POST", "/v1/repairers/byd-assistance/diagnoses", ts, sig, body, at, 0)
		},
		"another method": func() (string, error) { return webhooksig.VerifyRequest(byd, "PUT", eventsPath, ts, sig, body, at, 0) },
		"another body": func() (string, error) {
			return webhooksig.VerifyRequest(byd, "POST", eventsPath, ts, sig, append(body, ' '), at, 0)
		},
		"another ring": func() (string, error) { return webhooksig.VerifyRequest(res, "POST", eventsPath, ts, sig, body, at, 0) },
		"another time": func() (string, error) {
			return webhooksig.VerifyRequest(byd, "POST", eventsPath, "1773130501", sig, body, at, 0)
		},
		"no ring": func() (string, error) { return webhooksig.VerifyRequest(nil, "POST", eventsPath, ts, sig, body, at, 0) },
		"truncated": func() (string, error) {
			return webhooksig.VerifyRequest(byd, "POST", eventsPath, ts, sig[:20], body, at, 0)
		},
		"notice signature": func() (string, error) {
			_, s := webhooksig.Sign(byd.Signing().Secret, at, body)
			return webhooksig.VerifyRequest(byd, "POST", eventsPath, ts, s, body, at, 0)
		},
	} {
		_, err := check()
		assert.ErrorIs(t, err, webhooksig.ErrSignature, name)
	}
	_, err = webhooksig.VerifyRequest(byd, "POST", eventsPath, ts, sig, body, at.Add(5*time.Minute+time.Second), 0)
	assert.ErrorIs(t, err, webhooksig.ErrStale)
	_, err = webhooksig.VerifyRequest(byd, "POST", eventsPath, "", sig, body, at, 0)
	assert.ErrorIs(t, err, webhooksig.ErrTimestamp)
}

// TestRingRotation: the last key signs, every key verifies; a key removed
// from the ring no longer verifies.
func TestRingRotation(t *testing.T) {
	old := webhooksig.Key{ID: "2025", Secret: []byte("old-secret-0123456789")}
	fresh := webhooksig.Key{ID: "2026", Secret: []byte("new-secret-0123456789")}
	both, err := webhooksig.NewRing(old, fresh)
	require.NoError(t, err)
	assert.Equal(t, "2026", both.Signing().ID)
	assert.Equal(t, []string{"2025", "2026"}, both.IDs())
	at := time.Unix(1773130500, 0)
	for _, k := range []webhooksig.Key{old, fresh} {
		ts, sig := webhooksig.SignRequest(k, "POST", eventsPath, at, nil)
		id, err := webhooksig.VerifyRequest(both, "POST", eventsPath, ts, sig, nil, at, 0)
		require.NoError(t, err)
		assert.Equal(t, k.ID, id)
	}
	onlyNew, err := webhooksig.NewRing(fresh)
	require.NoError(t, err)
	ts, sig := webhooksig.SignRequest(old, "POST", eventsPath, at, nil)
	_, err = webhooksig.VerifyRequest(onlyNew, "POST", eventsPath, ts, sig, nil, at, 0)
	assert.ErrorIs(t, err, webhooksig.ErrSignature, "a retired key")
}

func TestParseKeysNamesWhatIsWrong(t *testing.T) {
	keys, err := webhooksig.ParseKeys(`
# providers
byd-assistance=k1:byd-secret-0123456789
byd-assistance=k2:byd-secret-9876543210
opteven=k1:opteven-secret-012345`)
	require.NoError(t, err)
	assert.Equal(t, []string{"byd-assistance", "opteven"}, keys.Parties())
	assert.Equal(t, "k2", keys["byd-assistance"].Signing().ID)
	again, err := webhooksig.ParseKeys(keys.Spec())
	require.NoError(t, err)
	assert.Equal(t, keys, again)

	for spec, want := range map[string]string{
		"byd-assistance=short:abc": "at least 16 bytes",
		"byd-assistance=k1:secret-0123456789abc;byd-assistance=k1:secret-0123456789abd": "given twice",
		"byd-assistance":                                     "PARTY=KEYID:SECRET",
		"byd/assistance=k1:secret-0123456789abc":             "party id",
		"byd-assistance=k 1:secret-0123456789abc":            "key id",
		"=k1:secret-0123456789abc":                           "party id",
		strings.Repeat("p", 65) + "=k1:secret-0123456789abc": "party id",
	} {
		_, err := webhooksig.ParseKeys(spec)
		if assert.Error(t, err, spec) {
			assert.Contains(t, err.Error(), want, spec)
			assert.NotContains(t, err.Error(), "secret-0123456789", "an error never shows a secret")
		}
	}
	_, err = webhooksig.ParseKeys("byd-assistance-secret-0123456789abcdef")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "0123456789", "an entry without '=' is not echoed")

	gen, err := webhooksig.Generate("k1", "a", "b")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, gen.Parties())
	assert.NotEqual(t, gen["a"].Signing().Secret, gen["b"].Signing().Secret)
}
