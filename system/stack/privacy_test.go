package stack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/simulation/scenario"
	"github.com/valetops/assistance/system/demo"
	"github.com/valetops/assistance/system/stack"
	"github.com/valetops/assistance/testsuite/histories"
	"github.com/valetops/assistance/testsuite/scenarios"
	"github.com/valetops/assistance/testsuite/systemtest"
)

// Recognisable personal data of the reported case.
const (
	secretValet = "V-PRIVACY-4711"
	secretLat   = "45.757891"
	secretLon   = "4.832417"
)

// TestNothingPersonalInTheDatabase plays a case on the real embedded stack
// with a recognisable valet id and position, then finds neither in the SQLite
// files (database and write-ahead log), while the Web UI's codec server
// decodes the case's input back to them. The plate, a search attribute by
// design (docs/privacy.md), is found: the scan does read the data.
func TestNothingPersonalInTheDatabase(t *testing.T) {
	s := privateCase(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st := systemtest.Start(ctx, t, stack.Config{DataDir: dir, UIAddr: "127.0.0.1:0", Scale: 200, Scenarios: []*scenario.Scenario{s}})
	require.FileExists(t, filepath.Join(dir, "payload-keys"), "the embedded default creates its key file in the data directory")

	r := demo.Player{Cases: st.Cases, Scale: 200}.PlayAll(ctx, []*scenario.Scenario{s}, 0)[0]
	require.NoError(t, r.Err)
	require.Empty(t, r.Mismatches(), "the encrypted case ends as its scenario expects")

	workflowID, runID, _ := strings.Cut(r.Outcome.CaseID, "/")
	h, err := histories.Fetch(ctx, st.Client, workflowID, runID)
	require.NoError(t, err)
	input := h.Events[0].GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()[0]
	require.Equal(t, encryption.MetadataEncoding, string(input.Metadata["encoding"]), "the stored input is encrypted")
	require.NotContains(t, string(input.Data), secretValet)

	decoded := decodeThroughUI(t, st, input)
	for _, want := range []string{secretValet, secretLat, secretLon} {
		require.Contains(t, decoded, want, "the codec server gives the Web UI the case in clear")
	}

	scan := func(when string) {
		files, err := filepath.Glob(filepath.Join(dir, "temporal.db*"))
		require.NoError(t, err)
		var all []byte
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, secret := range []string{secretValet, secretLat, secretLon} {
				require.False(t, bytes.Contains(data, []byte(secret)), "%s: %q is in clear in %s", when, secret, filepath.Base(f))
			}
			all = append(all, data...)
		}
		require.True(t, bytes.Contains(all, []byte(s.Report.Vehicle.Plate)), "%s: the plate (a search attribute) is not found: the scan reads nothing", when)
		t.Logf("%s: scanned %v (%d bytes)", when, files, len(all))
	}
	scan("while running")
	st.Stop()
	scan("after the checkpoint")
}

// privateCase is the public case p01 reported by a recognisable valet at a
// recognisable position.
func privateCase(t *testing.T) *scenario.Scenario {
	p01, err := scenarios.Named("p01_valet_wrong_fuel.json")
	require.NoError(t, err)
	s, err := p01.Clone("", func(doc map[string]any) {
		report := doc["report"].(map[string]any)
		report["valet_id"] = secretValet
		location := report["location"].(map[string]any)
		location["lat"], location["lon"] = json.Number(secretLat), json.Number(secretLon)
	})
	require.NoError(t, err)
	s.File = "privacy/p01_valet_wrong_fuel.json"
	return s
}

// decodeThroughUI posts the payload to the codec server as the Web UI's page
// does (from the UI's origin, with its namespace) and returns what came back.
func decodeThroughUI(t *testing.T, st *stack.Stack, p *commonpb.Payload) string {
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: []*commonpb.Payload{p}})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, st.Server.CodecURL()+"/decode", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Namespace", st.Server.Namespace())
	req.Header.Set("Origin", "http://"+st.Server.UIAddr())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(out))
	require.Equal(t, "http://"+st.Server.UIAddr(), resp.Header.Get("Access-Control-Allow-Origin"))
	var payloads commonpb.Payloads
	require.NoError(t, protojson.Unmarshal(out, &payloads))
	require.Len(t, payloads.Payloads, 1)
	return string(payloads.Payloads[0].Data)
}
