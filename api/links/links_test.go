package links

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ring(t *testing.T, keys ...Key) *Keyring {
	t.Helper()
	r, err := NewKeyring(keys...)
	require.NoError(t, err)
	return r
}

var (
	old = Key{ID: "k1", Secret: []byte("first-secret-0123456789")}
	cur = Key{ID: "k2", Secret: []byte("second-secret-0123456789")}
	now = time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
)

func TestSignedLinkVerifiesUntilItExpires(t *testing.T) {
	r := ring(t, cur, old)
	c := Claims{CaseID: "breakdown-M-1/run-1", Audience: Client, Expires: now.Add(time.Hour).Unix()}
	tok, err := r.Sign(c)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(tok, "k2."), "the first key signs: %s", tok)
	got, err := r.Verify(tok, now)
	require.NoError(t, err)
	assert.Equal(t, c, got)
	assert.Equal(t, "breakdown-M-1", got.WorkflowID())
	assert.Equal(t, "run-1", got.RunID())
	_, err = r.Verify(tok, now.Add(time.Hour))
	assert.ErrorIs(t, err, ErrExpired)
}

func TestKeysRotate(t *testing.T) {
	c := Claims{CaseID: "breakdown-M-1/run-1", Audience: Valet, Expires: now.Add(time.Hour).Unix()}
	tok, err := ring(t, old).Sign(c)
	require.NoError(t, err)
	_, err = ring(t, cur, old).Verify(tok, now)
	assert.NoError(t, err, "a link of the previous key still opens while that key is in the ring")
	_, err = ring(t, cur).Verify(tok, now)
	assert.ErrorIs(t, err, ErrUnknownKey, "once the old key is removed its links stop")
}

func TestTamperedLinksAreRefused(t *testing.T) {
	r := ring(t, cur)
	tok, err := r.Sign(Claims{CaseID: "breakdown-M-1/run-1", Audience: Client, Expires: now.Add(time.Hour).Unix()})
	require.NoError(t, err)
	other, err := r.Sign(Claims{CaseID: "breakdown-M-2/run-9", Audience: Owner, Expires: now.Add(time.Hour).Unix()})
	require.NoError(t, err)
	parts := strings.Split(tok, ".")
	otherParts := strings.Split(other, ".")
	flip := []byte(tok)
	flip[len(flip)/2] ^= 1
	for name, bad := range map[string]string{
		"payload of another case": parts[0] + "." + otherParts[1] + "." + parts[2],
		"one byte changed":        string(flip),
		"signature cut":           parts[0] + "." + parts[1] + "." + parts[2][:10],
		"no signature":            parts[0] + "." + parts[1],
		"empty":                   "",
		"other key id":            "k9." + parts[1] + "." + parts[2],
	} {
		_, err := r.Verify(bad, now)
		assert.Error(t, err, name)
		assert.NotErrorIs(t, err, ErrExpired, name)
	}
	forged, err := ring(t, Key{
		ID:     "k2",
		Secret: []byte("not-our-secret-0123456789"),
	}).Sign(Claims{CaseID: "breakdown-M-1/run-1", Audience: Client, Expires: now.Add(time.Hour).Unix()})
	require.NoError(t, err)
	_, err = r.Verify(forged, now)
	assert.ErrorIs(t, err, ErrSignature)
}

func TestBadKeysAreRefused(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "at least one key",
		"k1":                   "not id=secret",
		"k1=short":             "at least 16 bytes",
		"k.1=0123456789abcdef": "without",
		"k1=0123456789abcdef,k1=0123456789abcdef": "twice",
	} {
		_, err := ParseKeys(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
	r, err := ParseKeys("new=0123456789abcdef0, old=fedcba9876543210f")
	require.NoError(t, err)
	assert.Equal(t, "new", r.SigningKeyID())
}

func TestPagesSignEachAudience(t *testing.T) {
	p := &Pages{BaseURL: "https://assist.example/", Keys: ring(t, cur), Now: func() time.Time { return now }}
	l, err := p.CaseLinks("breakdown-M-1/run-1")
	require.NoError(t, err)
	pos, err := p.PositionURL("breakdown-M-1/run-1")
	require.NoError(t, err)
	for url, want := range map[string]struct {
		path string
		a    Audience
		ttl  time.Duration
	}{
		l.Tracking: {PathTrack, Client, DefaultClientTTL},
		l.Approval: {PathApprove, Approver, DefaultClientTTL},
		l.Report:   {PathReport, Owner, DefaultOwnerTTL},
		pos:        {PathPosition, Valet, DefaultValetTTL},
	} {
		tok, ok := strings.CutPrefix(url, "https://assist.example"+want.path)
		require.True(t, ok, url)
		c, err := p.Keys.Verify(tok, now)
		require.NoError(t, err)
		assert.Equal(t, want.a, c.Audience)
		assert.Equal(t, now.Add(want.ttl).Unix(), c.Expires)
	}
	assert.NotEqual(t, ID(l.Tracking), ID(pos))
	assert.Equal(t, ID(l.Tracking), ID(l.Tracking))
	track, _ := strings.CutPrefix(l.Tracking, "https://assist.example"+PathTrack)
	approve, _ := strings.CutPrefix(l.Approval, "https://assist.example"+PathApprove)
	assert.NotEqual(t, track, approve, "the tracking link and the approval link are two tokens")
}

// TestFormTokens: a page's form token belongs to its link, and to our keys.
func TestFormTokens(t *testing.T) {
	r := ring(t, cur)
	a, err := r.Sign(Claims{CaseID: "breakdown-M-1/run-1", Audience: Approver, Expires: now.Add(time.Hour).Unix()})
	require.NoError(t, err)
	b, err := r.Sign(Claims{CaseID: "breakdown-M-2/run-1", Audience: Approver, Expires: now.Add(time.Hour).Unix()})
	require.NoError(t, err)
	assert.True(t, r.CheckFormToken(a, r.FormToken(a)))
	assert.False(t, r.CheckFormToken(a, r.FormToken(b)), "another link's form token")
	assert.False(t, r.CheckFormToken(a, ""))
	assert.False(t, r.CheckFormToken("garbage", r.FormToken("garbage")), "a token of no key has no form token")
}

// TestExportLinks: an export link names a client and a period, no case; a
// case link without its case, or an export link without its period, is not signed.
func TestExportLinks(t *testing.T) {
	p := &Pages{BaseURL: "https://assist.example", Keys: ring(t, cur), Now: func() time.Time { return now }}
	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	u, err := p.ExportURL("C-LEASECO", from, to)
	require.NoError(t, err)
	tok, ok := strings.CutPrefix(u, "https://assist.example"+PathExport)
	require.True(t, ok, u)
	c, err := p.Keys.Verify(tok, now)
	require.NoError(t, err)
	assert.Equal(t, Claims{Audience: Export, ClientID: "C-LEASECO", From: "2026-03-01T00:00:00Z", To: "2026-04-01T00:00:00Z",
		Expires: now.Add(DefaultExportTTL).Unix()}, c)

	_, err = p.Keys.Sign(Claims{Audience: Export, ClientID: "C-LEASECO", Expires: now.Add(time.Hour).Unix()})
	assert.Error(t, err, "an export without its period")
	_, err = p.Keys.Sign(Claims{Audience: Client, ClientID: "C-LEASECO", From: "x", To: "y", Expires: now.Add(time.Hour).Unix()})
	assert.Error(t, err, "a client link without its case")
}
