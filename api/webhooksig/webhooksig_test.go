package webhooksig_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/valetops/assistance/api/webhooksig"
)

func TestSignAndVerify(t *testing.T) {
	secret, body := []byte("s3cret"), []byte(`{"event_id":"e1"}`)
	at := time.Unix(1773130500, 0)
	ts, sig := webhooksig.Sign(secret, at, body)
	assert.Equal(t, "1773130500", ts)
	assert.Regexp(t, `^sha256=[0-9a-f]{64}$`, sig)

	assert.NoError(t, webhooksig.Verify(secret, ts, sig, body, at.Add(5*time.Minute), 0))
	assert.NoError(t, webhooksig.Verify(secret, ts, sig, body, at.Add(-5*time.Minute), 0))
	assert.ErrorIs(t, webhooksig.Verify(secret, ts, sig, body, at.Add(5*time.Minute+time.Second), 0), webhooksig.ErrStale)
	assert.ErrorIs(t, webhooksig.Verify(secret, ts, sig, body, at.Add(-5*time.Minute-time.Second), 0), webhooksig.ErrStale)
	assert.ErrorIs(t, webhooksig.Verify(secret, ts, sig, append(body, ' '), at, 0), webhooksig.ErrSignature, "body tampered")
	assert.ErrorIs(t, webhooksig.Verify(secret, "1773130501", sig, body, at, 0), webhooksig.ErrSignature, "timestamp tampered")
	assert.ErrorIs(t, webhooksig.Verify([]byte("other"), ts, sig, body, at, 0), webhooksig.ErrSignature)
	assert.ErrorIs(t, webhooksig.Verify(secret, "", sig, body, at, 0), webhooksig.ErrTimestamp)
	assert.ErrorIs(t, webhooksig.Verify(secret, "-5", sig, body, at, 0), webhooksig.ErrTimestamp)
	assert.ErrorIs(t, webhooksig.Verify(secret, ts, "", body, at, 0), webhooksig.ErrSignature)
	assert.NoError(t, webhooksig.Verify(secret, ts, sig, body, at.Add(time.Hour), 2*time.Hour), "a wider window")
}
