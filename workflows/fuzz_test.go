package workflows_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"
	"go.temporal.io/sdk/temporal"
	sdktest "go.temporal.io/sdk/testsuite"

	"github.com/valetops/assistance/activities"
	"github.com/valetops/assistance/rules/coverage"
	"github.com/valetops/assistance/starter"
	"github.com/valetops/assistance/testsuite"
	"github.com/valetops/assistance/workflows"
)

// reportCorpus is the seed corpus of breakdown's FuzzParseReport.
const reportCorpus = "../contract/testdata/fuzz/FuzzParseReport"

// corpusEntry is one input of a `go test fuzz v1` corpus file of a func(data []byte) target.
type corpusEntry struct {
	name string
	data []byte
}

// readCorpus reads every corpus file of a []byte fuzz target.
func readCorpus(t *testing.T, dir string) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no corpus in %s", dir)
	sort.Strings(files)
	var out []corpusEntry
	for _, f := range files {
		content, err := os.ReadFile(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(bytes.NewReader(content))
		sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
		require.True(t, sc.Scan(), f)
		require.Equal(t, "go test fuzz v1", sc.Text(), f)
		require.True(t, sc.Scan(), f)
		line := strings.TrimSpace(sc.Text())
		quoted, ok := strings.CutPrefix(line, "[]byte(")
		require.True(t, ok, "%s: not a []byte input: %s", f, line)
		quoted, ok = strings.CutSuffix(quoted, ")")
		require.True(t, ok, f)
		s, err := strconv.Unquote(quoted)
		require.NoError(t, err, f)
		out = append(out, corpusEntry{name: filepath.Base(f), data: []byte(s)})
	}
	return out
}

// TestNoInvalidReportStartsACase takes every input of the FuzzParseReport corpus
// that ParseReport refuses. The typed client refuses it before it calls
// Temporal at all; and when it decodes into a contract.Report that Validate
// refuses (what a caller bypassing the client could start), the workflow fails
// at once with the non-retryable InvalidReport, having told nobody and ordered
// nothing.
func TestNoInvalidReportStartsACase(t *testing.T) {
	base := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	var refused, played, undecodable, strictOnly int
	for _, e := range readCorpus(t, reportCorpus) {
		_, perr := contract.ParseReport(e.data)
		if perr == nil {
			continue
		}
		refused++
		t.Run(e.name, func(t *testing.T) {
			// The typed client: ReportJSON refuses with ParseReport's error and never calls Temporal.
			mc := mocks.NewClient(t)
			_, err := starter.New(mc).ReportJSON(context.Background(), e.data)
			require.Error(t, err)
			assert.Equal(t, perr.Error(), err.Error())
			assert.Empty(t, mc.Calls, "the client called Temporal for a report ParseReport refuses")

			var r contract.Report
			if json.Unmarshal(e.data, &r) != nil {
				undecodable++
				return // nothing a Temporal client could send as a contract.Report
			}
			verr := r.Validate()
			if verr == nil {
				// Refused only by the strict decoder (unknown or missing member,
				// a key in another case, ...): the struct is a valid report. See
				// TestWorkflowRefusesWhatTheStrictDecoderRefuses.
				strictOnly++
				return
			}
			// Report(struct) refuses it too, before anything starts.
			_, err = starter.New(mc).Report(context.Background(), r)
			require.Error(t, err)
			assert.Equal(t, verr.Error(), err.Error())
			assert.Empty(t, mc.Calls)

			// Started anyway (another language's client, the CLI of Temporal): refused at once.
			played++
			s := *base
			s.Report = r
			p := testsuite.Play(&s)
			// The workflow reads the JSON strictly: its reason may be another of the report's faults.
			assertInvalidReport(t, p.Err, nil)
			assertNothingHappened(t, p.Recorder, p.Providers)
		})
	}
	t.Logf("%d corpus inputs refused by ParseReport: %d played as a struct, %d not a struct at all, %d refused by the strict decoder only",
		refused, played, undecodable, strictOnly)
	assert.Positive(t, played)
}

func assertInvalidReport(t *testing.T, err, verr error) {
	t.Helper()
	require.Error(t, err, "an invalid report started a case")
	var app *temporal.ApplicationError
	require.True(t, errors.As(err, &app), "%T %v", err, err)
	assert.Equal(t, contract.ErrTypeInvalidReport, app.Type())
	assert.True(t, app.NonRetryable())
	if verr != nil {
		assert.Contains(t, app.Error(), verr.Error())
	}
}

func assertNothingHappened(t *testing.T, rec *testsuite.Recorder, prov *testsuite.ScriptedProviders) {
	t.Helper()
	got := prov.Orders()
	orders, cancels, services := got.Accepted, got.Cancels, got.Services
	assert.Empty(t, orders, "ordered assistance")
	assert.Empty(t, cancels)
	assert.Empty(t, services)
	assert.Empty(t, rec.Notices, "told the client")
	assert.Empty(t, rec.Alerts)
	assert.Empty(t, rec.Offers)
	assert.Empty(t, rec.Missions)
}

// TestTheTypedClientStartsAValidReport is the control of the test above: the
// same mock client sees the update-with-start of a valid report.
func TestTheTypedClientStartsAValidReport(t *testing.T) {
	s := variant(t, "p04_new_vehicle_manufacturer.json", nil)
	mc := mocks.NewClient(t)
	mc.On("NewWithStartWorkflowOperation", mock.Anything, contract.WorkflowType, s.Report).Return(nil).Once()
	mc.On("UpdateWithStartWorkflow", mock.Anything, mock.Anything).Return(nil, errors.New("no server here")).Once()
	_, err := starter.New(mc).Report(context.Background(), s.Report)
	require.Error(t, err)
	mc.AssertCalled(t, "UpdateWithStartWorkflow", mock.Anything, mock.MatchedBy(func(o client.UpdateWithStartWorkflowOptions) bool {
		return o.UpdateOptions.UpdateName == contract.UpdateReport
	}))
}

// TestWorkflowRefusesWhatTheStrictDecoderRefuses starts the workflow, as a
// client in another language would, with the JSON of a report that
// ParseReport refuses but whose fields all decode into a valid struct (an
// unknown field, a required field left out, a key in another case): the
// contract says unknown fields are refused and the workflow validates its input
// again, failing with InvalidReport.
func TestWorkflowRefusesWhatTheStrictDecoderRefuses(t *testing.T) {
	var found int
	for _, e := range readCorpus(t, reportCorpus) {
		var r contract.Report
		if _, err := contract.ParseReport(e.data); err == nil || json.Unmarshal(e.data, &r) != nil || r.Validate() != nil {
			continue
		}
		found++
		t.Run(e.name, func(t *testing.T) {
			rec, prov, err := startRaw(t, json.RawMessage(e.data))
			assertInvalidReport(t, err, nil)
			assertNothingHappened(t, rec, prov)
		})
	}
	assert.Positive(t, found)
}

// startRaw runs BreakdownCase in the test environment with a raw JSON document
// as its input, the way a client in any language sends it.
func startRaw(t *testing.T, input json.RawMessage) (*testsuite.Recorder, *testsuite.ScriptedProviders, error) {
	t.Helper()
	var suite sdktest.WorkflowTestSuite
	suite.SetLogger(quiet{})
	env := suite.NewTestWorkflowEnvironment()
	env.SetTestTimeout(time.Minute)
	env.SetStartTime(time.Date(2026, 3, 10, 8, 15, 0, 0, time.UTC))
	programs, err := coverage.Builtin()
	require.NoError(t, err)
	rec := &testsuite.Recorder{}
	prov := &testsuite.ScriptedProviders{Clock: envClock{env}, Deliver: func(contract.Milestone) {}}
	workflows.Register(env, &activities.Activities{
		Providers: prov, Notifier: rec, Missions: rec,
		Settings: activities.FixedSettings{Default: rules.DefaultSettings()}, Programs: programs,
	})
	// Stop the case soon after it starts: what matters is whether it started.
	env.RegisterDelayedCallback(env.CancelWorkflow, 20*time.Minute)
	env.ExecuteWorkflow(contract.WorkflowType, input)
	require.True(t, env.IsWorkflowCompleted())
	return rec, prov, env.GetWorkflowError()
}

// envClock runs the providers' scripted events in the environment's time.
type envClock struct {
	env *sdktest.TestWorkflowEnvironment
}

func (c envClock) After(d time.Duration, fn func()) { c.env.RegisterDelayedCallback(fn, d) }

// quiet drops the workflow's logs.
type quiet struct{}

func (quiet) Debug(string, ...any) {}
func (quiet) Info(string, ...any)  {}
func (quiet) Warn(string, ...any)  {}
func (quiet) Error(string, ...any) {}
