// Package links signs and verifies the links to a case's pages (api/pages):
// no login, the link itself says which case it opens, for whom (the audience:
// client, approver, valet or owner; or a client's export of its cases, which
// names the client and a period instead) and until when. A link is an
// HMAC-SHA256 token with the id of the key that signed it, so keys rotate: the
// newest key signs, every key of the ring still verifies until it is removed.
// It depends on the standard library only.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Audience is who a link is for; a page opens only for its own audience.
type Audience string

// The audiences of the pages.
const (
	// Client is the client company following its case: the tracking page.
	Client Audience = "client"
	// Approver is the person at the client who approves paid options: the
	// approval page. Its link goes only to them (the approval notices), never
	// on the tracking page: a tracking link cannot approve.
	Approver Audience = "approver"
	// Valet is the driver on the road: the position page.
	Valet Audience = "valet"
	// Owner is the lessor or owner of the vehicle: the case report.
	Owner Audience = "owner"
	// Export is a client's export of its cases of a period (a CSV download
	// from the records): its link names the client and the period, no case.
	Export Audience = "export"
)

// Valid reports whether a is one of the audiences.
func (a Audience) Valid() bool {
	return a == Client || a == Approver || a == Valet || a == Owner || a == Export
}

// Claims is what a link carries.
type Claims struct {
	// CaseID is the case: its workflow ID, "/" and its run ID, so a link never
	// opens a later case of the same mission.
	CaseID   string   `json:"c"`
	Audience Audience `json:"a"`
	// Expires is when the link stops working, in unix seconds.
	Expires int64 `json:"e"`
	// ClientID, From and To are an export's client and period (RFC 3339,
	// From included, To excluded); empty for the other audiences.
	ClientID string `json:"cl,omitempty"`
	From     string `json:"f,omitempty"`
	To       string `json:"t,omitempty"`
}

// complete reports whether the claims name what their audience opens: a
// case, or an export's client and period.
func (c Claims) complete() bool {
	if c.Audience == Export {
		return strings.TrimSpace(c.ClientID) != "" && c.From != "" && c.To != ""
	}
	return strings.TrimSpace(c.CaseID) != ""
}

// WorkflowID and RunID split CaseID at its last "/".
func (c Claims) WorkflowID() string {
	wf, _ := splitCase(c.CaseID)
	return wf
}

// RunID is the run of the case's workflow.
func (c Claims) RunID() string {
	_, run := splitCase(c.CaseID)
	return run
}

func splitCase(caseID string) (string, string) {
	i := strings.LastIndex(caseID, "/")
	if i < 0 {
		return caseID, ""
	}
	return caseID[:i], caseID[i+1:]
}

// Errors of Verify. ErrExpired is a link that was good (answer 410 Gone); every
// other error is a link we did not sign as it is (answer 403 Forbidden).
var (
	ErrMalformed  = errors.New("the link is malformed")
	ErrUnknownKey = errors.New("the link was signed with a key we no longer know")
	ErrSignature  = errors.New("the link's signature does not match")
	ErrExpired    = errors.New("the link has expired")
)

// Key is one signing key of the ring.
type Key struct {
	ID     string
	Secret []byte
}

// Keyring signs with its first key and verifies with any of them.
type Keyring struct {
	keys []Key
}

// NewKeyring returns a ring; the first key signs. Key ids are short words
// without "." and secrets at least 16 bytes.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("link keys: at least one key is needed")
	}
	seen := map[string]bool{}
	for _, k := range keys {
		switch {
		case k.ID == "" || strings.ContainsAny(k.ID, ".,= "):
			return nil, fmt.Errorf("link keys: key id %q must be a non-empty word without '.', ',', '=' or spaces", k.ID)
		case seen[k.ID]:
			return nil, fmt.Errorf("link keys: key id %q is given twice", k.ID)
		case len(k.Secret) < 16:
			return nil, fmt.Errorf("link keys: the secret of key %q must be at least 16 bytes, got %d", k.ID, len(k.Secret))
		}
		seen[k.ID] = true
	}
	return &Keyring{keys: append([]Key(nil), keys...)}, nil
}

// ParseKeys reads "id=secret,id2=secret2" (the -link-keys flag): the first key
// signs, all verify.
func ParseKeys(s string) (*Keyring, error) {
	var keys []Key
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, secret, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("link keys: %q is not id=secret", part)
		}
		keys = append(keys, Key{ID: strings.TrimSpace(id), Secret: []byte(strings.TrimSpace(secret))})
	}
	return NewKeyring(keys...)
}

// SigningKeyID is the id of the key that signs new links.
func (r *Keyring) SigningKeyID() string { return r.keys[0].ID }

var b64 = base64.RawURLEncoding

// Sign returns the token of c: key id, payload and signature, dot-separated,
// URL-safe.
func (r *Keyring) Sign(c Claims) (string, error) {
	if !c.Audience.Valid() {
		return "", fmt.Errorf("unknown audience %q", c.Audience)
	}
	if !c.complete() {
		return "", errors.New("a link needs a case id (an export link: a client and a period)")
	}
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	k := r.keys[0]
	head := k.ID + "." + b64.EncodeToString(payload)
	return head + "." + b64.EncodeToString(mac(k.Secret, head)), nil
}

// Verify checks a token's key, signature and expiry at now, and returns its
// claims. The signature is checked before anything in the payload is trusted.
func (r *Keyring) Verify(token string, now time.Time) (Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return Claims{}, ErrMalformed
	}
	var secret []byte
	for _, k := range r.keys {
		if k.ID == parts[0] {
			secret = k.Secret
		}
	}
	if secret == nil {
		return Claims{}, ErrUnknownKey
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac(secret, parts[0]+"."+parts[1])) {
		return Claims{}, ErrSignature
	}
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return Claims{}, ErrMalformed
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil || !c.Audience.Valid() || !c.complete() {
		return Claims{}, ErrMalformed
	}
	if now.Unix() >= c.Expires {
		return c, ErrExpired
	}
	return c, nil
}

// ID is a short stable digest of a token: the same link always gives the same
// id (the approval page derives its Update id from it).
func ID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return b64.EncodeToString(sum[:12])
}

// FormToken is the anti-forgery token a page puts in its forms for the link
// token: an HMAC of the token with the key that signed it, so only a page we
// rendered for this link has it. Empty for a token of no key of the ring.
func (r *Keyring) FormToken(token string) string {
	id, _, _ := strings.Cut(token, ".")
	for _, k := range r.keys {
		if k.ID == id {
			return b64.EncodeToString(mac(k.Secret, "form\x00"+token)[:18])
		}
	}
	return ""
}

// CheckFormToken reports whether form is the FormToken of the link token,
// compared in constant time.
func (r *Keyring) CheckFormToken(token, form string) bool {
	want := r.FormToken(token)
	return want != "" && hmac.Equal([]byte(want), []byte(form))
}

func mac(secret []byte, s string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(s))
	return h.Sum(nil)
}
