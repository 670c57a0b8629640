package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/starter"
)

func ptr[T any](v T) *T { return &v }

func TestParseJobs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    job
		mission string
	}{
		{"report file", []string{"report", "r.json"}, &reportJob{file: "r.json"}, ""},
		{"report flags after the file", []string{"report", "r.json", "-json", "-address", "h:1"}, &reportJob{file: "r.json", json: true}, ""},
		{"report stdin", []string{"report", "-"}, &reportJob{file: "-"}, ""},
		{"report after --", []string{"report", "--", "-odd.json"}, &reportJob{file: "-odd.json"}, ""},
		{"qualify, drivable unset", []string{"qualify", "-mission", "M-1", "-origin", "mechanical", "-nature", "engine"},
			&qualifyJob{mission: "M-1", req: contract.QualifyRequest{Origin: "mechanical", Nature: "engine"}}, "M-1"},
		{"qualify -drivable alone", []string{"qualify", "-mission", "M-1", "-origin", "o", "-nature", "n", "-drivable"},
			&qualifyJob{mission: "M-1", req: contract.QualifyRequest{Origin: "o", Nature: "n", Drivable: ptr(true)}}, "M-1"},
		{"qualify every flag", []string{"qualify", "-mission=M-1", "-origin=valet_error", "-nature=keys", "-drivable=false",
			"-operator", "ana", "-note", "keys left inside"},
			&qualifyJob{mission: "M-1", req: contract.QualifyRequest{Origin: "valet_error", Nature: "keys", Drivable: ptr(false),
				Operator: "ana", Note: "keys left inside"}}, "M-1"},
		{"decide choose", []string{"decide", "-mission", "M-2", "-choose", "tow", "-by", "dealer desk"},
			&decideJob{mission: "M-2", req: contract.DecideRequest{Choose: "tow", By: "dealer desk"}}, "M-2"},
		{"decide decline", []string{"decide", "-mission", "M-2", "-decline"},
			&decideJob{mission: "M-2", req: contract.DecideRequest{Decline: true}}, "M-2"},
		{"choose", []string{"choose", "-mission", "M-3", "-service", "hotel", "-by", "valet"},
			&chooseJob{mission: "M-3", req: contract.ServiceChoice{Service: "hotel", By: "valet"}}, "M-3"},
		{"override", []string{"override", "-mission", "M-4", "-decision", "stopped", "-reason", "client asked", "-operator", "ops-1"},
			&overrideJob{mission: "M-4", req: contract.OverrideRequest{Mission: "stopped", Reason: "client asked", Operator: "ops-1"}}, "M-4"},
		{"cancel", []string{"cancel", "-mission", "M-5", "-by", "client", "-reason", "found a garage", "-json"},
			&cancelJob{mission: "M-5", req: contract.CancelRequest{By: "client", Reason: "found a garage"}, json: true}, "M-5"},
		{"status", []string{"status", "-mission", "M-6"}, &statusJob{mission: "M-6"}, "M-6"},
		{"status -json", []string{"status", "-json", "-mission", "M-6"}, &statusJob{mission: "M-6", json: true}, "M-6"},
		{"wait", []string{"wait", "-mission", "M-7", "-json"}, &waitJob{mission: "M-7", json: true}, "M-7"},
		{"list defaults", []string{"list"}, &listJob{filter: starter.Filter{Limit: 100}}, ""},
		{"list the saved views of ops", []string{"list", "-needs-ops", "-attention", "unassisted", "-late"},
			&listJob{filter: starter.Filter{NeedsOps: true, Attention: "unassisted", Late: true, Limit: 100}}, ""},
		{"resolve", []string{"resolve", "-mission", "M-9", "-kind", "unassisted", "-operator", "marie", "-action", "arranged a tow", "-note", "Martin"},
			&resolveJob{mission: "M-9", req: contract.ResolveRequest{
				Kind:     contract.AlertUnassisted,
				Operator: "marie",
				Action:   "arranged a tow",
				Note:     "Martin",
			}}, "M-9"},
		{"acknowledge", []string{"acknowledge", "-mission", "M-9", "-kind", "eta_breached", "-operator", "marie"},
			&acknowledgeJob{mission: "M-9", req: contract.AcknowledgeRequest{Kind: contract.AlertEtaBreached, Operator: "marie"}}, "M-9"},
		{"list every filter", []string{"list", "-stage", "closed", "-mission", "M-8", "-client", "C", "-plate", "AB-1",
			"-vin", "V", "-origin", "mechanical", "-nature", "engine", "-handler", "lessor", "-waiting-for-approval", "-open",
			"-query", "StartTime > '2026-01-01T00:00:00Z'", "-limit", "0", "-json"},
			&listJob{json: true, filter: starter.Filter{Stage: "closed", MissionID: "M-8", ClientID: "C", Plate: "AB-1", VIN: "V",
				Origin: "mechanical", Nature: "engine", Handler: "lessor", WaitingForApproval: true, Open: true,
				Raw: "StartTime > '2026-01-01T00:00:00Z'"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			inv, err := parse(tt.args, &stdout, &stderr)
			require.NoError(t, err, stderr.String())
			assert.Equal(t, tt.want, inv.job)
			assert.Equal(t, tt.args[0], inv.name)
			assert.Equal(t, tt.mission, inv.mission)
			assert.Empty(t, stdout.String())
			assert.Empty(t, stderr.String())
		})
	}
}

func TestParseConnectionFlags(t *testing.T) {
	for _, args := range [][]string{
		{"status", "-mission", "M-1", "-address", "temporal.example:7233", "-namespace", "ops", "-api-key", "k"},
		{"report", "-address", "temporal.example:7233", "r.json", "-namespace", "ops", "-api-key=k"},
	} {
		inv, err := parse(args, &bytes.Buffer{}, &bytes.Buffer{})
		require.NoError(t, err)
		assert.Equal(t, "temporal.example:7233", inv.conn.Address)
		assert.Equal(t, "ops", inv.conn.Namespace)
		assert.Equal(t, "k", inv.conn.APIKey)
	}
	inv, err := parse([]string{"report", "-task-queue", "other-queue", "r.json"}, &bytes.Buffer{}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "other-queue", inv.taskQueue)
}

func TestParseRefusesBadCommandLines(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no command", nil, "usage: starter COMMAND"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"report without file", []string{"report"}, "name the report file"},
		{"report with two files", []string{"report", "a.json", "b.json"}, "one report at a time"},
		{"mission missing", []string{"status"}, "-mission is required"},
		{"blank mission", []string{"wait", "-mission", " "}, "-mission is required"},
		{"decide neither", []string{"decide", "-mission", "M"}, "give either -choose OPTION or -decline"},
		{"decide both", []string{"decide", "-mission", "M", "-choose", "tow", "-decline"}, "give either -choose OPTION or -decline"},
		{"stray argument", []string{"qualify", "-mission", "M", "engine"}, `unexpected argument "engine"`},
		{"unknown flag", []string{"cancel", "-mission", "M", "-force"}, "flag provided but not defined: -force"},
		{"bad drivable", []string{"qualify", "-mission", "M", "-drivable=maybe"}, "expected true or false"},
		{"negative limit", []string{"list", "-limit", "-1"}, "-limit must be 0 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			_, err := parse(tt.args, &stdout, &stderr)
			require.ErrorIs(t, err, errUsage)
			assert.Contains(t, stderr.String(), tt.stderr)
			assert.Contains(t, stderr.String(), "usage: starter ")
			assert.Empty(t, stdout.String())
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"help"}, {"--help"}} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, ExitOK, Run(context.Background(), args, nil, &stdout, &stderr))
		for _, c := range commands {
			assert.Contains(t, stdout.String(), "\n  "+c.name+" ")
		}
		assert.Empty(t, stderr.String())
	}
	t.Setenv("TEMPORAL_API_KEY", "s3cret")
	for _, c := range commands {
		var stdout, stderr bytes.Buffer
		_, err := parse([]string{c.name, "-h"}, &stdout, &stderr)
		require.ErrorIs(t, err, flag.ErrHelp)
		out := stdout.String()
		assert.True(t, strings.HasPrefix(out, "usage: starter "+c.name+" "), out)
		assert.Contains(t, out, "connection flags:\n  -address")
		assert.NotContains(t, out, "s3cret", "a secret from the environment is not printed")
		assert.Empty(t, stderr.String())
	}
}

func TestReportPrepare(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("testdata", "report_valid.json"))
	require.NoError(t, err)

	j := &reportJob{file: "-"}
	require.NoError(t, j.prepare(bytes.NewReader(valid)))
	assert.Equal(t, "M-CLI-1", j.report.MissionID)

	j = &reportJob{file: filepath.Join("testdata", "report_valid.json")}
	require.NoError(t, j.prepare(nil))
	assert.Equal(t, "M-CLI-1", j.report.MissionID)

	bad := bytes.Replace(valid, []byte(`"kind": "used"`), []byte(`"kind": "van"`), 1)
	bad = bytes.Replace(bad, []byte(`"plate": "DL-404-NN"`), []byte(`"plate": ""`), 1)
	err = (&reportJob{file: "-"}).prepare(bytes.NewReader(bad))
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 3, "one line per problem: %s", err)
	assert.Equal(t, "starter report: invalid report on stdin, nothing was started:", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "  vehicle.plate: "), lines[1])
	assert.Equal(t, `  vehicle.kind: unknown vehicle kind "van"; expected lease_return, new or used`, lines[2])

	err = (&reportJob{file: filepath.Join(t.TempDir(), "missing.json")}).prepare(nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing.json")
}

func TestRunWithoutServer(t *testing.T) {
	var stdout, stderr bytes.Buffer
	bad := `{"mission_id": "M-CLI-2"}`
	code := Run(context.Background(), []string{"report", "-", "-address", "127.0.0.1:1"}, strings.NewReader(bad), &stdout, &stderr)
	assert.Equal(t, ExitUsage, code, "an invalid report exits 2 before dialing")
	assert.Contains(t, stderr.String(), "client_id: ")
	assert.Empty(t, stdout.String())

	stdout.Reset()
	stderr.Reset()
	missing := filepath.Join(t.TempDir(), "payload-keys")
	code = Run(context.Background(), []string{"status", "-mission", "M-1", "-address", "127.0.0.1:1", "-payload-keys", missing}, nil, &stdout, &stderr)
	assert.Equal(t, ExitFailed, code)
	assert.Contains(t, stderr.String(), "no payload keys: "+missing+" does not exist", "no keys: nothing is sent in clear")

	stdout.Reset()
	stderr.Reset()
	entry, err := encryption.NewEntry("test")
	require.NoError(t, err)
	t.Setenv(encryption.KeysEnv, entry)
	code = Run(context.Background(), []string{"status", "-mission", "M-1", "-address", "127.0.0.1:1"}, nil, &stdout, &stderr)
	assert.Equal(t, ExitFailed, code)
	assert.Contains(t, stderr.String(), "starter status: cannot reach the Temporal server at 127.0.0.1:1")
	assert.Empty(t, stdout.String())
}

func TestRefusalPrintedWordForWord(t *testing.T) {
	var stderr bytes.Buffer
	msg := `origin: unknown origin "alien"; expected one of mechanical, operator_fault, valet_error`
	printFailure(&stderr, &invocation{name: "qualify", mission: "M"}, errors.Join(&starter.Refused{Message: msg}))
	assert.Equal(t, msg+"\n", stderr.String())
}
