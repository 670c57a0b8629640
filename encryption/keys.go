// Package encryption keeps a case's personal data out of Temporal's database:
// a payload codec that encrypts every payload (workflow input and result,
// activity inputs and results, Updates, Signals, Queries, memo) with
// AES-256-GCM, the id of the key written in the payload's metadata so keys can
// rotate; the key ring read from a file or the environment; and the HTTP
// handler of a codec server (Temporal's remote codec protocol) through which
// the Web UI and the CLI read cases in clear. docs/privacy.md says what stays
// in clear and why; docs/contract.md describes the format for other languages.
//
// It imports the Temporal SDK only, never the server: services that use the
// typed client (starter/) link it.
package encryption

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// KeySize is the size in bytes of an AES-256 key.
const KeySize = 32

// Environment variables that hold the key ring (KeysEnv: the key file's
// content, entries separated by new lines, commas or spaces) or the path of a
// key file (KeyFileEnv). KeysEnv wins when both are set.
const (
	KeysEnv    = "ASSISTANCE_PAYLOAD_KEYS"
	KeyFileEnv = "ASSISTANCE_PAYLOAD_KEY_FILE"
)

// keyID is what a key id may hold: it travels in every payload's metadata.
var keyID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Keys is a key ring: every key decrypts the payloads written with it, the
// newest (the last one listed) encrypts new payloads.
type Keys struct {
	ids   []string // in the order listed; the last is the newest
	aeads map[string]cipher.AEAD
}

// ParseKeys reads a key ring: one entry "ID:BASE64" per line (or separated
// by commas or spaces), where BASE64 is the standard base64 of 32 random
// bytes; lines starting with # are comments. The last entry is the newest.
func ParseKeys(text string) (*Keys, error) {
	k := &Keys{aeads: map[string]cipher.AEAD{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, entry := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if err := k.add(entry); err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
		}
	}
	if len(k.ids) == 0 {
		return nil, errors.New("no key: expected lines ID:BASE64 (32 bytes, standard base64)")
	}
	return k, nil
}

func (k *Keys) add(entry string) error {
	id, secret, ok := strings.Cut(entry, ":")
	if !ok {
		return fmt.Errorf("key entry %q: expected ID:BASE64", redact(entry))
	}
	if !keyID.MatchString(id) {
		return fmt.Errorf("key id %q: 1 to 64 letters, digits, '.', '_' or '-'", id)
	}
	if _, dup := k.aeads[id]; dup {
		return fmt.Errorf("key id %q: listed twice", id)
	}
	raw, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return fmt.Errorf("key %q: not standard base64: %v", id, err)
	}
	if len(raw) != KeySize {
		return fmt.Errorf("key %q: %d bytes, AES-256 needs %d", id, len(raw), KeySize)
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return fmt.Errorf("key %q: %w", id, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return fmt.Errorf("key %q: %w", id, err)
	}
	k.ids = append(k.ids, id)
	k.aeads[id] = aead
	return nil
}

// redact keeps a secret out of an error message.
func redact(entry string) string {
	if len(entry) > 8 {
		return entry[:4] + "…"
	}
	return "…"
}

// Newest is the id of the key that encrypts new payloads.
func (k *Keys) Newest() string { return k.ids[len(k.ids)-1] }

// IDs lists the key ids, oldest first.
func (k *Keys) IDs() []string { return append([]string(nil), k.ids...) }

// LoadFile reads a key file (see ParseKeys). The file must not be readable
// by other users.
func LoadFile(path string) (*Keys, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("payload key file: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("payload key file %s: mode %v lets other users read it; chmod 600 it", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("payload key file: %w", err)
	}
	k, err := ParseKeys(string(data))
	if err != nil {
		return nil, fmt.Errorf("payload key file %s: %w", path, err)
	}
	return k, nil
}

// FromEnv reads the key ring from KeysEnv, else from the file named by
// KeyFileEnv. It returns nil, "" and no error when neither is set; source
// says where the keys came from.
func FromEnv() (keys *Keys, source string, err error) {
	if text := os.Getenv(KeysEnv); text != "" {
		k, err := ParseKeys(text)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", KeysEnv, err)
		}
		return k, KeysEnv, nil
	}
	if path := os.Getenv(KeyFileEnv); path != "" {
		k, err := LoadFile(path)
		return k, path, err
	}
	return nil, "", nil
}

// NewEntry returns a new key entry "ID:BASE64" of 32 random bytes, for a key
// file. An empty id becomes one made of the date and time ("k20261130-1646").
func NewEntry(id string) (string, error) {
	if id == "" {
		id = "k" + time.Now().UTC().Format("20060102-150405")
	}
	if !keyID.MatchString(id) {
		return "", fmt.Errorf("key id %q: 1 to 64 letters, digits, '.', '_' or '-'", id)
	}
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return id + ":" + base64.StdEncoding.EncodeToString(raw), nil
}

// keyFileHeader opens every key file this package writes.
const keyFileHeader = `# Payload encryption keys (AES-256-GCM) of the breakdown assistance cases.
# One key per line, ID:BASE64 (32 random bytes). The LAST key encrypts new
# payloads; every key listed decrypts the payloads written with it. To rotate,
# append a new line (go run ./cmd/codec-server -new-key) and keep the old ones
# as long as cases written with them are kept. See docs/privacy.md.
`

// EnsureFile loads the key file at path, or creates it with one new key
// (mode 0600) when it does not exist; created says which.
func EnsureFile(path string) (keys *Keys, created bool, err error) {
	if _, err := os.Stat(path); err == nil {
		k, err := LoadFile(path)
		return k, false, err
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("payload key file: %w", err)
	}
	entry, err := NewEntry("")
	if err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, false, fmt.Errorf("payload key file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("payload key file: %w", err)
	}
	_, werr := f.WriteString(keyFileHeader + entry + "\n")
	if err := errors.Join(werr, f.Close()); err != nil {
		return nil, false, fmt.Errorf("payload key file %s: %w", path, err)
	}
	k, err := ParseKeys(entry)
	return k, true, err
}

// Until returns the ring as it was when id was the newest key: the keys up to
// and including id. It rewrites old data as if written then (tests).
func (k *Keys) Until(id string) (*Keys, error) {
	for i, have := range k.ids {
		if have == id {
			out := &Keys{ids: append([]string(nil), k.ids[:i+1]...), aeads: map[string]cipher.AEAD{}}
			for _, kept := range out.ids {
				out.aeads[kept] = k.aeads[kept]
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("key %q is not in the key ring (%v)", id, k.ids)
}
