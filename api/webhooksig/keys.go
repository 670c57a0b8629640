package webhooksig

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// MinSecret is the shortest secret a key may have, in bytes.
const MinSecret = 16

// MaxPartyID is the longest party id (provider, repairer, manager) a ring is
// kept under.
const MaxPartyID = 64

// Key is one secret of a party's ring, under an id that names it in logs and
// in rotations (never the secret itself).
type Key struct {
	ID     string
	Secret []byte
}

// Ring is the keys of one party, as with the payload keys: the last one signs,
// every one verifies. To rotate: add the new key last on both sides (we verify
// with both; the party signs with the new one), then remove the old one.
type Ring struct {
	keys []Key
}

// NewRing returns a ring of keys, the last one signing. Ids are short words
// (no ':', ',', ';', '=' or space), secrets at least MinSecret bytes.
func NewRing(keys ...Key) (*Ring, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("webhook keys: a ring needs at least one key")
	}
	seen := map[string]bool{}
	for _, k := range keys {
		switch {
		case k.ID == "" || strings.ContainsAny(k.ID, ":,;= \t\r\n"):
			return nil, fmt.Errorf("webhook keys: key id %q must be a non-empty word without ':', ',', ';', '=' or spaces", k.ID)
		case seen[k.ID]:
			return nil, fmt.Errorf("webhook keys: key id %q is given twice", k.ID)
		case len(k.Secret) < MinSecret:
			return nil, fmt.Errorf("webhook keys: the secret of key %q must be at least %d bytes, got %d", k.ID, MinSecret, len(k.Secret))
		}
		seen[k.ID] = true
	}
	return &Ring{keys: slices.Clone(keys)}, nil
}

// Signing is the key that signs: the last of the ring.
func (r *Ring) Signing() Key { return r.keys[len(r.keys)-1] }

// IDs are the ids of the ring's keys, oldest first.
func (r *Ring) IDs() []string {
	ids := make([]string, len(r.keys))
	for i, k := range r.keys {
		ids[i] = k.ID
	}
	return ids
}

// Keys are the rings of the parties that sign webhooks, by party id. A party
// without a ring is unknown: its requests are refused.
type Keys map[string]*Ring

// Parties are the party ids, sorted.
func (k Keys) Parties() []string {
	out := make([]string, 0, len(k))
	for p := range k {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// ParseKeys reads the parties' keys: entries PARTY=KEYID:SECRET separated by
// ';' or line breaks (blank lines and lines starting with '#' are skipped). A
// party given several entries has several keys, the last one signing, e.g.
//
//	byd-assistance=k1:old-secret-0123456789;byd-assistance=k2:new-secret-0123456789
func ParseKeys(spec string) (Keys, error) {
	byParty := map[string][]Key{}
	var order []string
	for _, line := range strings.FieldsFunc(spec, func(r rune) bool { return r == ';' || r == '\n' }) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		party, rest, ok := strings.Cut(line, "=")
		id, secret, ok2 := strings.Cut(rest, ":")
		party, id, secret = strings.TrimSpace(party), strings.TrimSpace(id), strings.TrimSpace(secret)
		if !ok || !ok2 {
			return nil, fmt.Errorf("webhook keys: %q is not PARTY=KEYID:SECRET", redact(line))
		}
		if err := checkParty(party); err != nil {
			return nil, err
		}
		if _, seen := byParty[party]; !seen {
			order = append(order, party)
		}
		byParty[party] = append(byParty[party], Key{ID: id, Secret: []byte(secret)})
	}
	keys := Keys{}
	for _, party := range order {
		ring, err := NewRing(byParty[party]...)
		if err != nil {
			return nil, fmt.Errorf("%w (party %s)", err, party)
		}
		keys[party] = ring
	}
	return keys, nil
}

// LoadKeys reads ParseKeys' format from a file, one entry per line.
func LoadKeys(path string) (Keys, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("webhook keys: %w", err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(io.LimitReader(f, 1<<20))
	for sc.Scan() {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("webhook keys: %s: %w", path, err)
	}
	keys, err := ParseKeys(b.String())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return keys, nil
}

// Spec writes keys back in ParseKeys' format (secrets included: handle it as
// a secret), parties sorted, each ring oldest key first.
func (k Keys) Spec() string {
	var parts []string
	for _, party := range k.Parties() {
		for _, key := range k[party].keys {
			parts = append(parts, party+"="+key.ID+":"+string(key.Secret))
		}
	}
	return strings.Join(parts, ";")
}

// Generate returns a ring of one new random key (id keyID) for each party:
// for a system whose parties and receiver are started together (the
// all-in-one, the tests).
func Generate(keyID string, parties ...string) (Keys, error) {
	keys := Keys{}
	for _, party := range parties {
		if err := checkParty(party); err != nil {
			return nil, err
		}
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		ring, err := NewRing(Key{ID: keyID, Secret: []byte(hex.EncodeToString(secret))})
		if err != nil {
			return nil, err
		}
		keys[party] = ring
	}
	return keys, nil
}

func checkParty(party string) error {
	if party == "" || len(party) > MaxPartyID || strings.ContainsAny(party, "/=:;, \t\r\n") {
		return fmt.Errorf("webhook keys: party id %q must be 1 to %d characters without '/', '=', ':', ';', ',' or spaces", party, MaxPartyID)
	}
	return nil
}

// redact keeps a refused entry's party, never what may be its secret.
func redact(line string) string {
	party, _, ok := strings.Cut(line, "=")
	if !ok {
		return "…"
	}
	if len(party) > MaxPartyID {
		party = party[:MaxPartyID]
	}
	return party + "=…"
}

// KeysFrom reads the parties' keys as a command is given them: spec (the
// -webhook-keys flag, PARTY=KEYID:SECRET;…) or file (-webhook-keys-file), one
// of the two; an error says which flags to set.
func KeysFrom(spec, file string) (Keys, error) {
	switch {
	case spec != "" && file != "":
		return nil, errors.New("give -webhook-keys or -webhook-keys-file, not both")
	case file != "":
		return LoadKeys(file)
	case spec != "":
		return ParseKeys(spec)
	}
	return nil, errors.New("no webhook keys: set -webhook-keys PARTY=KEYID:SECRET;… (or ASSISTANCE_WEBHOOK_KEYS), or -webhook-keys-file FILE (ASSISTANCE_WEBHOOK_KEYS_FILE)")
}
