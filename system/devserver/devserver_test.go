package devserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/wait"
)

const taskQueue = "devserver-test"

var (
	stageKey   = temporal.NewSearchAttributeKeyKeyword("CaseStage")
	missionKey = temporal.NewSearchAttributeKeyKeyword("MissionId")
	waitingKey = temporal.NewSearchAttributeKeyBool("WaitingForApproval")
	extraKey   = temporal.NewSearchAttributeKeyKeyword("ExtraTag")
)

// closeCase is the trivial workflow run by the test: it closes the case.
func closeCase(ctx workflow.Context, mission string) (string, error) {
	err := workflow.UpsertTypedSearchAttributes(ctx, stageKey.ValueSet("closed"), waitingKey.ValueSet(false))
	return "closed " + mission, err
}

// TestStartRunRestart starts a server on an empty directory, runs a
// workflow, checks SQLite, visibility and the UI, then restarts on the same
// directory and finds the workflow again.
func TestStartRunRestart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second)
	defer cancel()

	srv := startServer(ctx, t, Config{
		DataDir:          dir,
		FrontendAddr:     "127.0.0.1:0",
		UIAddr:           "127.0.0.1:0",
		SearchAttributes: CaseSearchAttributes,
	})
	if _, err := Start(ctx, Config{DataDir: dir, FrontendAddr: "127.0.0.1:0"}); err == nil ||
		!strings.Contains(err.Error(), "in use") {
		t.Fatalf("second server on the same directory: %v", err)
	}
	c, stopWorker := connect(t, srv)
	closeOneCase(ctx, t, c)
	checkWAL(t, srv, filepath.Join(dir, DatabaseFile))
	checkUI(t, srv.UIAddr(), srv.CodecURL())
	if !srv.KeyFileCreated() || srv.KeyFile() != filepath.Join(dir, KeyFile) {
		t.Errorf("first start: key file %q, created %v", srv.KeyFile(), srv.KeyFileCreated())
	}
	stopWorker()
	stopServer(t, srv)

	// Restart on the same directory, without UI and with one more attribute.
	attrs := maps.Clone(CaseSearchAttributes)
	attrs["ExtraTag"] = enums.INDEXED_VALUE_TYPE_KEYWORD
	srv = startServer(ctx, t, Config{DataDir: dir, FrontendAddr: "127.0.0.1:0", SearchAttributes: attrs})
	defer stopServer(t, srv)
	if srv.UIAddr() != "" {
		t.Errorf("UIAddr = %q without UI", srv.UIAddr())
	}
	if srv.KeyFileCreated() {
		t.Error("the restart created the key file again: the cases of the first start could not be read")
	}
	c, stopWorker = connect(t, srv)
	defer stopWorker()

	findClosedCase(ctx, t, c)

	// The attribute added by the restart is usable at once.
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                    "case-2",
		TaskQueue:             taskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(extraKey.ValueSet("x"), missionKey.ValueSet("M-2")),
	}, closeCase, "M-2")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	waitListed(ctx, t, c, `ExtraTag = "x" AND CaseStage = "closed"`, "case-2")
}

// closeOneCase runs case-1 (mission M-1) to its end and waits until
// visibility lists it closed by its search attributes.
func closeOneCase(ctx context.Context, t *testing.T, c client.Client) {
	t.Helper()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        "case-1",
		TaskQueue: taskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			stageKey.ValueSet("open"), missionKey.ValueSet("M-1"), waitingKey.ValueSet(true)),
	}, closeCase, "M-1")
	if err != nil {
		t.Fatal(err)
	}
	var result string
	if err := run.Get(ctx, &result); err != nil || result != "closed M-1" {
		t.Fatalf("result %q, %v", result, err)
	}
	waitListed(ctx, t, c, `CaseStage = "closed" AND MissionId = "M-1" AND WaitingForApproval = false`, "case-1")
}

// findClosedCase finds case-1 again after a restart: its result, its history
// to the completion, and visibility listing it.
func findClosedCase(ctx context.Context, t *testing.T, c client.Client) {
	t.Helper()
	var result string
	if err := c.GetWorkflow(ctx, "case-1", "").Get(ctx, &result); err != nil || result != "closed M-1" {
		t.Fatalf("after restart: result %q, %v", result, err)
	}
	var last enums.EventType
	for it := c.GetWorkflowHistory(ctx, "case-1", "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT); it.HasNext(); {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		last = ev.GetEventType()
	}
	if last != enums.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED {
		t.Errorf("after restart: last history event %v", last)
	}
	waitListed(ctx, t, c, `CaseStage = "closed" AND MissionId = "M-1"`, "case-1")
}

func startServer(ctx context.Context, t *testing.T, cfg Config) *Server {
	t.Helper()
	t0 := time.Now()
	srv, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start took %v (frontend %s, UI %q)", time.Since(t0).Round(time.Millisecond), srv.FrontendAddr(), srv.UIAddr())
	return srv
}

func stopServer(t *testing.T, srv *Server) {
	t.Helper()
	t0 := time.Now()
	if err := srv.Stop(); err != nil {
		t.Error(err)
	}
	t.Logf("Stop took %v", time.Since(t0).Round(time.Millisecond))
}

// connect dials srv and starts a worker running closeCase.
func connect(t *testing.T, srv *Server) (client.Client, func()) {
	t.Helper()
	opts := client.Options{
		HostPort:  srv.FrontendAddr(),
		Namespace: srv.Namespace(),
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	}
	encryption.Configure(&opts, srv.Keys())
	c, err := client.Dial(opts)
	if err != nil {
		t.Fatal(err)
	}
	w := worker.New(c, taskQueue, worker.Options{})
	w.RegisterWorkflow(closeCase)
	if err := w.Start(); err != nil {
		c.Close()
		t.Fatal(err)
	}
	return c, func() { w.Stop(); c.Close() }
}

// waitListed polls visibility (written asynchronously) until query lists
// exactly the workflow id; it fails at once if the server refuses the query.
func waitListed(ctx context.Context, t *testing.T, c client.Client, query, id string) {
	t.Helper()
	var refused error // read once the wait is over
	require.EventuallyWithT(t, func(collect *assert.CollectT) {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query})
		if err != nil {
			refused = err // no use waiting
			return
		}
		var listed []string
		for _, ex := range resp.GetExecutions() {
			listed = append(listed, ex.GetExecution().GetWorkflowId())
		}
		assert.Equal(collect, []string{id}, listed, "workflows listed")
	}, wait.Left(ctx), 100*time.Millisecond, "query %s lists %s", query, id)
	require.NoError(t, refused, "query %s", query)
}

// checkWAL checks that the database file is in WAL mode, and that the
// server's own connection uses journal_mode=wal and synchronous=normal.
func checkWAL(t *testing.T, srv *Server, path string) {
	t.Helper()
	// The file header says WAL (bytes 18 and 19 are 2), and the log exists.
	header := make([]byte, 20)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.ReadFull(f, header); err != nil {
		t.Fatal(err)
	}
	if header[18] != 2 || header[19] != 2 {
		t.Errorf("file format versions %d/%d, want 2/2 (WAL)", header[18], header[19])
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Error(err)
	}
	// A fresh connection without any pragma finds the persistent WAL mode.
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q, %v", mode, err)
	}
	// The server's connection (the plugin shares one per DSN): synchronous is
	// a per-connection setting, invisible from another connection.
	admin, err := sqlAdmin(srv.sqlCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, c := range []struct {
		pragma, want string
		ok           bool
	}{
		{"journal_mode", "'wal'", true},
		{"synchronous", "1", true},  // NORMAL
		{"synchronous", "2", false}, // FULL: negative control of the check itself
	} {
		err := admin.Exec(pragmaCheck(c.pragma, c.want))
		if (err == nil) != c.ok {
			t.Errorf("server connection: %s = %s: got error %v", c.pragma, c.want, err)
		}
	}
}

// pragmaCheck is a statement that fails unless pragma has the value want
// (an SQL literal): the admin DB can execute but not query.
func pragmaCheck(pragma, want string) string {
	return "SELECT CASE (SELECT * FROM pragma_" + pragma + ") WHEN " + want +
		" THEN 1 ELSE json('" + pragma + " is not " + strings.ReplaceAll(want, "'", "") + "') END"
}

// checkUI checks that the UI serves its page, that no workflow action is
// disabled, and that it reaches the frontend.
func checkUI(t *testing.T, addr, codecURL string) {
	t.Helper()
	if addr == "" {
		t.Fatal("no UI address")
	}
	get := func(path string) []byte {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
		}
		return body
	}
	if page := get("/"); !strings.Contains(string(page), "<html") {
		t.Errorf("GET /: not an HTML page: %.200s", page)
	}
	var settings map[string]any
	if err := json.Unmarshal(get("/api/v1/settings"), &settings); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"DisableWriteActions", "WorkflowSignalDisabled", "WorkflowUpdateDisabled",
		"WorkflowCancelDisabled", "WorkflowTerminateDisabled", "StartWorkflowDisabled"} {
		if v, ok := settings[k].(bool); !ok || v {
			t.Errorf("UI setting %s = %v, want false", k, settings[k])
		}
	}
	if codec, _ := settings["Codec"].(map[string]any); codec["Endpoint"] != codecURL || codecURL == "" {
		t.Errorf("UI codec setting %v, want the endpoint %q", settings["Codec"], codecURL)
	}
	if ns := get("/api/v1/namespaces/default"); !strings.Contains(string(ns), `"default"`) {
		t.Errorf("UI cannot describe the namespace: %.300s", ns)
	}
	checkCodec(t, addr, codecURL)
}

// checkCodec checks that the codec server answers the Web UI, and refuses a
// request naming another Host or coming from another Origin.
func checkCodec(t *testing.T, uiAddr, codecURL string) {
	t.Helper()
	post := func(host, origin string) int {
		req, err := http.NewRequest(http.MethodPost, codecURL+"/decode", strings.NewReader(`{"payloads":[]}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if host != "" {
			req.Host = host
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("", "http://"+uiAddr); got != http.StatusOK {
		t.Errorf("codec server, from the Web UI: %d", got)
	}
	if got := post("rebound.example:80", "http://"+uiAddr); got != http.StatusMisdirectedRequest {
		t.Errorf("codec server, another Host: %d", got)
	}
	if got := post("", "http://evil.example"); got != http.StatusForbidden {
		t.Errorf("codec server, another Origin: %d", got)
	}
}
