package encryption

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
)

type report struct {
	ValetID string  `json:"valet_id"`
	Lat     float64 `json:"lat"`
}

func ring(t *testing.T, ids ...string) (*Keys, string) {
	t.Helper()
	var lines []string
	for _, id := range ids {
		e, err := NewEntry(id)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, e)
	}
	text := strings.Join(lines, "\n")
	k, err := ParseKeys(text)
	if err != nil {
		t.Fatal(err)
	}
	return k, text
}

func TestEncryptsAndDecrypts(t *testing.T) {
	keys, _ := ring(t, "k1")
	dc := DataConverter(keys)
	p, err := dc.ToPayload(report{ValetID: "V-SECRET-4711", Lat: 45.123456})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.Data, []byte("V-SECRET-4711")) || bytes.Contains(p.Data, []byte("45.123456")) {
		t.Fatal("the valet id or the position is in clear in the encoded payload")
	}
	if got := string(p.Metadata[converter.MetadataEncoding]); got != MetadataEncoding {
		t.Fatalf("encoding metadata %q, want %q", got, MetadataEncoding)
	}
	if got := string(p.Metadata[MetadataKeyID]); got != "k1" {
		t.Fatalf("key id metadata %q, want k1", got)
	}
	var back report
	if err := dc.FromPayload(p, &back); err != nil {
		t.Fatal(err)
	}
	if back.ValetID != "V-SECRET-4711" || back.Lat != 45.123456 {
		t.Fatalf("decoded %+v", back)
	}
	again, _ := dc.ToPayload(report{ValetID: "V-SECRET-4711", Lat: 45.123456})
	if bytes.Equal(again.Data, p.Data) {
		t.Fatal("two encryptions of the same value are equal: the nonce is not random")
	}
}

func TestRotatedKeysStillDecrypt(t *testing.T) {
	old, oldText := ring(t, "2026-01")
	written, err := DataConverter(old).ToPayload("written under the old key")
	if err != nil {
		t.Fatal(err)
	}
	next, err := NewEntry("2026-06")
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := ParseKeys(oldText + "\n" + next)
	if err != nil {
		t.Fatal(err)
	}
	var s string
	if err := DataConverter(rotated).FromPayload(written, &s); err != nil || s != "written under the old key" {
		t.Fatalf("old payload with the rotated ring: %q, %v", s, err)
	}
	fresh, _ := DataConverter(rotated).ToPayload("new")
	if got := string(fresh.Metadata[MetadataKeyID]); got != "2026-06" {
		t.Fatalf("new payloads use key %q, want the newest 2026-06", got)
	}
	onlyNew, _ := ParseKeys(next)
	err = DataConverter(onlyNew).FromPayload(written, &s)
	if err == nil || !strings.Contains(err.Error(), `"2026-01"`) {
		t.Fatalf("a ring without the old key must say which key is missing, got %v", err)
	}
}

func TestTamperedPayloadIsRefused(t *testing.T) {
	keys, _ := ring(t, "k1")
	p, _ := DataConverter(keys).ToPayload("intact")
	p.Data[len(p.Data)-1] ^= 1
	var s string
	if err := DataConverter(keys).FromPayload(p, &s); err == nil {
		t.Fatalf("a tampered payload decoded to %q", s)
	}
}

func TestPlainPayloadsPassThrough(t *testing.T) {
	keys, _ := ring(t, "k1")
	plain, _ := converter.GetDefaultDataConverter().ToPayload("a case started before encryption")
	var s string
	if err := DataConverter(keys).FromPayload(plain, &s); err != nil || s != "a case started before encryption" {
		t.Fatalf("plain payload: %q, %v", s, err)
	}
}

func TestParseKeysRefusesBadEntries(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(make([]byte, KeySize))
	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	for _, c := range []struct{ text, want string }{
		{"", "no key"},
		{"# only a comment\n", "no key"},
		{"k1" + good, "expected ID:BASE64"},
		{"bad!id:" + good, "key id"},
		{"k1:" + short, "16 bytes, AES-256 needs 32"},
		{"k1:not base64!!", "not standard base64"},
		{"k1:" + good + "\nk1:" + good, "listed twice"},
	} {
		_, err := ParseKeys(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseKeys(%q) = %v, want an error containing %q", c.text, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), good) {
			t.Errorf("error %q quotes the secret", err)
		}
	}
	k, err := ParseKeys("# comment\na:" + good + ", b:" + good + "\n")
	if err != nil || k.Newest() != "b" || len(k.IDs()) != 2 {
		t.Fatalf("two keys on one line: %v, %v", k, err)
	}
}

func TestEnsureFileCreatesOnceThenLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "payload-keys")
	first, created, err := EnsureFile(path)
	if err != nil || !created {
		t.Fatalf("first start: created=%v, %v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
	second, created, err := EnsureFile(path)
	if err != nil || created {
		t.Fatalf("second start: created=%v, %v", created, err)
	}
	p, _ := DataConverter(first).ToPayload("kept across restarts")
	var s string
	if err := DataConverter(second).FromPayload(p, &s); err != nil || s != "kept across restarts" {
		t.Fatalf("the reloaded key does not read what the first wrote: %v", err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a key file readable by others must be refused, got %v", err)
	}
}

func TestFromEnv(t *testing.T) {
	_, text := ring(t, "env1")
	t.Setenv(KeysEnv, text)
	k, source, err := FromEnv()
	if err != nil || k.Newest() != "env1" || source != KeysEnv {
		t.Fatalf("FromEnv: %v, %q, %v", k, source, err)
	}
	t.Setenv(KeysEnv, "")
	t.Setenv(KeyFileEnv, "")
	if k, _, err := FromEnv(); k != nil || err != nil {
		t.Fatalf("nothing set: %v, %v", k, err)
	}
}

func TestCodecServer(t *testing.T) {
	keys, _ := ring(t, "k1")
	srv := httptest.NewServer(Handler(keys, ServerOptions{Origins: []string{"http://127.0.0.1:8233"}, Token: "s3cret"}))
	defer srv.Close()
	p, _ := DataConverter(keys).ToPayload(report{ValetID: "V-SECRET-4711"})
	body, _ := protojson.Marshal(&commonpb.Payloads{Payloads: []*commonpb.Payload{p}})

	post := func(token string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/decode", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Namespace", "default")
		req.Header.Set("Origin", "http://127.0.0.1:8233")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if resp := post("wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong token: %s", resp.Status)
	}
	resp := post("s3cret")
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "http://127.0.0.1:8233" {
		t.Fatalf("decode: %s, CORS origin %q", resp.Status, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	var out commonpb.Payloads
	if err := protojson.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Payloads) != 1 || !bytes.Contains(out.Payloads[0].Data, []byte("V-SECRET-4711")) {
		t.Fatalf("decoded payloads %v", &out)
	}

	pre, _ := http.NewRequest(http.MethodOptions, srv.URL+"/decode", nil)
	pre.Header.Set("Origin", "http://127.0.0.1:8233")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	pre.Header.Set("Access-Control-Request-Headers", "content-type,x-namespace")
	presp, err := http.DefaultClient.Do(pre)
	if err != nil {
		t.Fatal(err)
	}
	if presp.StatusCode != http.StatusNoContent || !strings.Contains(presp.Header.Get("Access-Control-Allow-Headers"), "X-Namespace") {
		t.Fatalf("preflight: %s %v", presp.Status, presp.Header)
	}
	other, _ := http.NewRequest(http.MethodOptions, srv.URL+"/decode", nil)
	other.Header.Set("Origin", "http://evil.example")
	oresp, _ := http.DefaultClient.Do(other)
	if oresp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("an origin not listed is allowed")
	}
}

// TestCodecServerRefusesStrangers: the probes of issue 23. Without the bearer
// token the codec decodes nothing (401); a request naming another Host (a
// DNS-rebinding page) is refused 421, one from another Origin 403, preflight
// included; none gets a payload in clear. A codec server beyond the loopback
// must have a token.
func TestCodecServerRefusesStrangers(t *testing.T) {
	keys, _ := ring(t, "k1")
	srv := httptest.NewServer(Handler(keys, ServerOptions{Origins: []string{"http://127.0.0.1:8233"},
		Hosts: []string{"codec.example:8081", "127.0.0.1:8081"}, Token: "s3cret"}))
	defer srv.Close()
	p, _ := DataConverter(keys).ToPayload(report{ValetID: "V-SECRET-4711"})
	body, _ := protojson.Marshal(&commonpb.Payloads{Payloads: []*commonpb.Payload{p}})
	do := func(method, host, origin, token string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+"/decode", bytes.NewReader(body))
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		return resp.StatusCode, buf.String()
	}
	for _, tc := range []struct {
		name                        string
		method, host, origin, token string
		status                      int
	}{
		{"no token", http.MethodPost, "127.0.0.1:8081", "", "", http.StatusUnauthorized},
		{"wrong token", http.MethodPost, "127.0.0.1:8081", "http://127.0.0.1:8233", "guess", http.StatusUnauthorized},
		{"another Host", http.MethodPost, "attacker.example:8081", "", "s3cret", http.StatusMisdirectedRequest},
		{"another Origin", http.MethodPost, "127.0.0.1:8081", "http://evil.example", "s3cret", http.StatusForbidden},
		{"null Origin", http.MethodPost, "127.0.0.1:8081", "null", "s3cret", http.StatusForbidden},
		{"another Origin's preflight", http.MethodOptions, "127.0.0.1:8081", "http://evil.example", "", http.StatusForbidden},
		{"the Web UI", http.MethodPost, "codec.example:8081", "http://127.0.0.1:8233", "s3cret", http.StatusOK},
		{"the CLI", http.MethodPost, "127.0.0.1:8081", "", "s3cret", http.StatusOK},
	} {
		status, got := do(tc.method, tc.host, tc.origin, tc.token)
		if status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, status, got, tc.status)
		}
		if (status == http.StatusOK) != strings.Contains(got, `"payloads"`) {
			t.Errorf("%s: answered %d with %q", tc.name, status, got)
		}
	}

	for addr, wantErr := range map[string]bool{"127.0.0.1:8081": false, "localhost:8081": false, "[::1]:8081": false,
		"0.0.0.0:8081": true, "192.0.2.10:8081": true} {
		err := CheckListen(addr, ServerOptions{})
		if (err != nil) != wantErr {
			t.Errorf("CheckListen(%s) without a token: %v", addr, err)
		}
		if err := CheckListen(addr, ServerOptions{Token: "t"}); err != nil {
			t.Errorf("CheckListen(%s) with a token: %v", addr, err)
		}
	}
	if got := LocalHosts("127.0.0.1", 8081); !slices.Equal(got, []string{"127.0.0.1:8081", "localhost:8081", "[::1]:8081"}) {
		t.Errorf("LocalHosts = %v", got)
	}
}
