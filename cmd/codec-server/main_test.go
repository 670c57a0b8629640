package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/valetops/assistance/encryption"
)

// TestRefusesToListenBeyondTheLoopbackWithoutAToken: a codec server anyone on
// the network reaches must ask for a token; it does not start otherwise.
func TestRefusesToListenBeyondTheLoopbackWithoutAToken(t *testing.T) {
	entry, err := encryption.NewEntry("k1")
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keys, []byte(entry+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(encryption.KeysEnv, "")
	err = run([]string{"-listen", "0.0.0.0:0", "-payload-keys", keys})
	if err == nil || !strings.Contains(err.Error(), "needs a bearer token") {
		t.Fatalf("listening on 0.0.0.0 without a token: %v", err)
	}
}
