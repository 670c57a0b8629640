package devserver

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/dynamicconfig"
)

func TestSettingsDefaults(t *testing.T) {
	s, err := Config{DataDir: "d"}.settings()
	if err != nil {
		t.Fatal(err)
	}
	if s.frontend.String() != DefaultFrontendAddr || s.ui != nil || s.namespace != DefaultNamespace ||
		s.retention != DefaultRetention || s.logger == nil {
		t.Errorf("defaults: %+v", s)
	}
	for _, bad := range []Config{
		{},
		{DataDir: "d", FrontendAddr: "example.com:7233"},
		{DataDir: "d", FrontendAddr: "127.0.0.1"},
		{DataDir: "d", UIAddr: "127.0.0.1:99999"},
		{DataDir: "d", Retention: time.Minute},
		{DataDir: "d", TestRetention: time.Millisecond},
	} {
		if _, err := bad.settings(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestTestRetention(t *testing.T) {
	s, err := Config{DataDir: "d", Retention: 2 * time.Hour, TestRetention: time.Minute}.settings()
	if err != nil || s.retention != time.Minute || !s.testRetention {
		t.Fatalf("test retention: %v, %v", s.retention, err)
	}
	dc := dynamicConfig(s)
	if dc[dynamicconfig.RetentionTimerJitterDuration.Key()] != time.Second || dc[dynamicconfig.NamespaceMinRetentionLocal.Key()] != time.Minute {
		t.Errorf("dynamic config: %v", dc)
	}
	s, err = Config{DataDir: "d"}.settings()
	if err != nil {
		t.Fatal(err)
	}
	if dc := dynamicConfig(s); len(dc) != 2 {
		t.Errorf("the server's own jitter and minimum without a test retention: %v", dc)
	}
}

func TestDialAddr(t *testing.T) {
	for in, want := range map[string]string{
		"localhost:1": "127.0.0.1:1",
		":2":          "127.0.0.1:2",
		"0.0.0.0:3":   "127.0.0.1:3",
		"[::]:4":      "[::1]:4",
		"10.1.2.3:5":  "10.1.2.3:5",
	} {
		hp, err := parseHostPort(in)
		if err != nil || hp.dialAddr() != want {
			t.Errorf("%s: dial %s, %v; want %s", in, hp.dialAddr(), err, want)
		}
	}
}

func TestMissingSearchAttributes(t *testing.T) {
	kw, b := enums.INDEXED_VALUE_TYPE_KEYWORD, enums.INDEXED_VALUE_TYPE_BOOL
	got, err := missingSearchAttributes(
		map[string]enums.IndexedValueType{"CaseStage": kw, "Other": b},
		map[string]enums.IndexedValueType{"CaseStage": kw, "Plate": kw})
	if err != nil || len(got) != 1 || got["Plate"] != kw {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := missingSearchAttributes(
		map[string]enums.IndexedValueType{"CaseStage": b},
		map[string]enums.IndexedValueType{"CaseStage": kw}); err == nil {
		t.Error("type mismatch not reported")
	}
}

func TestPresenceQuery(t *testing.T) {
	q := presenceQuery(map[string]enums.IndexedValueType{"B": 0, "A": 0})
	if q != "A IS NULL OR B IS NULL" {
		t.Errorf("query %q", q)
	}
}

// TestBusyPorts checks that a busy port is an error, not an exit of the
// process (the Temporal server and echo both exit on listen failures).
func TestBusyPorts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	for _, cfg := range []Config{
		{DataDir: t.TempDir(), FrontendAddr: busy},
		{DataDir: t.TempDir(), FrontendAddr: "127.0.0.1:0", UIAddr: busy},
	} {
		_, err := Start(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), "address already in use") {
			t.Errorf("%+v: got %v", cfg, err)
		}
	}
}

// TestCodecBeyondTheLoopbackNeedsAToken: the embedded codec server decodes
// every case; beyond the loopback it does not start without a token.
func TestCodecBeyondTheLoopbackNeedsAToken(t *testing.T) {
	_, err := Config{DataDir: "d", UIAddr: "0.0.0.0:0"}.settings()
	if err == nil || !strings.Contains(err.Error(), "needs Config.CodecToken") {
		t.Errorf("a codec server on 0.0.0.0 without a token: %v", err)
	}
	if _, err := (Config{DataDir: "d", UIAddr: "0.0.0.0:0", CodecToken: "t"}).settings(); err != nil {
		t.Error(err)
	}
	if _, err := (Config{DataDir: "d", UIAddr: "127.0.0.1:0"}).settings(); err != nil {
		t.Error(err)
	}
}
