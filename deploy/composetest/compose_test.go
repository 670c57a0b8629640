package composetest

import (
	"bufio"
	"bytes"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/valetops/assistance/api/links"
	"github.com/valetops/assistance/api/webhooksig"
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/rules/warranty"
	"github.com/valetops/assistance/simulation/network"
	"github.com/valetops/assistance/testsuite/scenarios"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
)

const (
	composeFile = "docker-compose.yml"
	projectName = "assistance"
	// ourImage is the repository of the image the Dockerfile builds.
	ourImage = "valetops/assistance"
	// initService registers the namespace and the search attributes.
	initService = "temporal-init"
	// searchAttributesVar is its variable of Name=Type pairs.
	searchAttributesVar = "SEARCH_ATTRIBUTES"
)

// required are the services `docker compose up` must start (no profile).
var required = []string{"postgresql", "temporal", initService, "temporal-ui", "worker", "api", "simulator"}

// ourCommands are the binaries the Dockerfile must build into the image.
var ourCommands = []string{"worker", "api", "simulator", "starter"}

// repoRoot is the repository's root, two folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return dir
}

// testSecrets stand for the secrets a .env gives (deploy/make-secrets.sh):
// the file has no default for any of them.
var testSecrets = map[string]string{
	"ASSISTANCE_WEBHOOK_KEYS":          "byd-assistance=k1:test-webhook-key-0123456789",
	"ASSISTANCE_LINK_KEYS":             "k1=test-link-key-0123456789",
	"ASSISTANCE_OPS_ALERTS_SECRET":     "test-ops-alerts-secret",
	"ASSISTANCE_CLIENT_NOTICES_SECRET": "test-client-notices-secret",
	"ASSISTANCE_OWNER_NOTICES_SECRET":  "test-owner-notices-secret",
	"ASSISTANCE_PAYLOAD_KEYS":          "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	"TEMPORAL_DB_PASSWORD":             "test-db-password",
}

// load loads docker-compose.yml as `docker compose` does (schema validation,
// interpolation, normalization, paths resolved), with testSecrets and env as
// the only variables and the given profiles active ("*": every service).
func load(t *testing.T, env map[string]string, profiles ...string) *types.Project {
	t.Helper()
	p, err := loadWith(t, withSecrets(env), profiles...)
	require.NoError(t, err, "%s does not load", composeFile)
	return p
}

// withSecrets is env over testSecrets.
func withSecrets(env map[string]string) map[string]string {
	all := map[string]string{}
	for k, v := range testSecrets {
		all[k] = v
	}
	for k, v := range env {
		all[k] = v
	}
	return all
}

// loadWith loads docker-compose.yml with exactly env as its variables.
func loadWith(t *testing.T, env map[string]string, profiles ...string) (*types.Project, error) {
	t.Helper()
	dir := repoRoot(t)
	p, err := loader.LoadWithContext(t.Context(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(dir, composeFile)}},
		Environment: types.Mapping(env),
	}, loader.WithProfiles(profiles))
	return p, err
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, ok := p.Services[name]
	require.True(t, ok, "%s has no service %q", composeFile, name)
	return s
}

// env is the value of a service's variable ("" when unset).
func env(s types.ServiceConfig, name string) string {
	if v := s.Environment[name]; v != nil {
		return *v
	}
	return ""
}

// argv is what the service's container runs: entrypoint then command.
func argv(s types.ServiceConfig) []string {
	return append(slices.Clone([]string(s.Entrypoint)), s.Command...)
}

func TestComposeLoadsAndValidates(t *testing.T) {
	p := load(t, nil)
	assert.Equal(t, projectName, p.Name)
	assert.NotEmpty(t, p.Services)
	all := load(t, nil, "*")
	assert.GreaterOrEqual(t, len(all.Services), len(p.Services))
	// An override of every variable the file reads loads as well.
	load(t, map[string]string{"ASSISTANCE_WEBHOOK_KEYS": "p=k9:another-key-0123456789", "ASSISTANCE_SCALE": "60"}, "*")
}

func TestComposeHasTheServices(t *testing.T) {
	p := load(t, nil) // what `docker compose up` starts
	for _, name := range required {
		assert.Contains(t, p.Services, name, "`docker compose up` must start %q", name)
	}
}

// TestComposeHasTheServicesOfTheReadme checks that every service README.md lists
// in its docker-compose section ("- `name`: ...") is in docker-compose.yml.
func TestComposeHasTheServicesOfTheReadme(t *testing.T) {
	names, found := readmeComposeServices(t, filepath.Join(repoRoot(t), "README.md"))
	if !found {
		t.Skip("README.md has no docker-compose section yet (a heading naming docker-compose or Docker Compose); " +
			"the fixed list of TestComposeHasTheServices applies alone")
	}
	require.NotEmpty(t, names, "README.md's docker-compose section lists no service as \"- `name`: ...\"")
	all := load(t, nil, "*")
	for _, name := range names {
		assert.Contains(t, all.Services, name, "README.md lists the service %q, which %s lacks", name, composeFile)
	}
}

var (
	headingRe = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	composeRe = regexp.MustCompile(`(?i)docker[- ]?compose`)
	entryRe   = regexp.MustCompile("^\\s*[-*]\\s+`([a-z0-9][a-z0-9_.-]*)`\\s*:")
)

// readmeComposeServices returns the names of the "- `name`: ..." lines of the
// sections of a Markdown file whose heading names docker-compose (a section
// runs to the next heading of its level or above), and whether there is one.
func readmeComposeServices(t *testing.T, file string) (names []string, found bool) {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	level := 0 // of the docker-compose section we are in; 0: none
	fenced := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") || strings.HasPrefix(strings.TrimSpace(line), "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if m := headingRe.FindStringSubmatch(line); m != nil {
			l := len(m[1])
			switch {
			case composeRe.MatchString(m[2]):
				level, found = l, true
			case level != 0 && l <= level:
				level = 0
			}
			continue
		}
		if level == 0 {
			continue
		}
		if m := entryRe.FindStringSubmatch(line); m != nil && !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	require.NoError(t, sc.Err())
	return names, found
}

// TestOurImageBuildsFromTheDockerfile checks that every service of our image
// builds it from the Dockerfile at the root, and runs a command it builds.
func TestOurImageBuildsFromTheDockerfile(t *testing.T) {
	root := repoRoot(t)
	built := dockerfileBinaries(t, filepath.Join(root, "Dockerfile"))
	for _, c := range ourCommands {
		assert.Contains(t, built, c, "the Dockerfile must build %s", c)
	}
	all := load(t, nil, "*")
	var ours []string
	for name, s := range all.Services {
		repo, _, _ := splitImage(s.Image)
		if s.Build == nil && repo != ourImage {
			continue
		}
		ours = append(ours, name)
		if !assert.NotNil(t, s.Build, "%s uses %s and must build it", name, ourImage) {
			continue
		}
		assert.Equal(t, root, s.Build.Context, "%s must build from the repository's root", name)
		dockerfile := s.Build.Dockerfile
		if !filepath.IsAbs(dockerfile) {
			dockerfile = filepath.Join(s.Build.Context, dockerfile)
		}
		assert.Equal(t, filepath.Join(root, "Dockerfile"), dockerfile, "%s must build with the Dockerfile", name)
		assert.Equal(t, ourImage, repo, "%s must tag the image %s", name, ourImage)
		if run := argv(s); assert.NotEmpty(t, run, "%s chooses no command", name) {
			assert.Contains(t, built, run[0], "%s runs %q, which the Dockerfile does not build", name, run[0])
		}
	}
	for _, name := range []string{"worker", "api", "simulator"} {
		assert.Contains(t, ours, name, "%s must run our image", name)
	}
	images := map[string]bool{}
	for _, name := range ours {
		images[all.Services[name].Image] = true
	}
	assert.Len(t, images, 1, "one image for every command: %v", images)
}

// dockerfile is a Dockerfile's instructions, continuation lines joined, comments dropped.
func dockerfile(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		out = append(out, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// dockerfileBinaries are the names of the binaries its `go build` lines build
// (the last element of each ./package path).
func dockerfileBinaries(t *testing.T, file string) []string {
	t.Helper()
	var bins []string
	for _, in := range dockerfile(t, file) {
		if !strings.HasPrefix(in, "RUN ") || !strings.Contains(in, "go build") {
			continue
		}
		for _, f := range strings.Fields(in[strings.Index(in, "go build"):]) {
			if strings.HasPrefix(f, "./") {
				bins = append(bins, path.Base(f))
			}
		}
	}
	return bins
}

func TestDockerfile(t *testing.T) {
	root := repoRoot(t)
	ins := dockerfile(t, filepath.Join(root, "Dockerfile"))
	var stages [][]string // instructions of each stage
	var bases []string
	for _, in := range ins {
		fields := strings.Fields(in)
		if strings.EqualFold(fields[0], "FROM") {
			var image string
			for _, f := range fields[1:] {
				if !strings.HasPrefix(f, "--") {
					image = f
					break
				}
			}
			bases = append(bases, image)
			stages = append(stages, nil)
			continue
		}
		require.NotEmpty(t, stages, "instruction before FROM: %s", in)
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	require.GreaterOrEqual(t, len(bases), 2, "a multi-stage build")
	assert.True(t, strings.HasPrefix(bases[0], "golang:1.27"), "the builder is golang:1.27 (.ci/run builds with go1.27.3), not %s", bases[0])
	assert.False(t, strings.HasPrefix(bases[len(bases)-1], "golang"), "the runtime image is small, not %s", bases[len(bases)-1])
	for _, b := range bases {
		assert.True(t, pinned(b), "FROM %s: pin a tag", b)
	}
	builder := strings.Join(stages[0], "\n")
	assert.Contains(t, builder, "CGO_ENABLED=0")
	assert.Contains(t, builder, "--mount=type=cache,target=/go/pkg/mod", "the module cache is mounted")
	final := stages[len(stages)-1]
	user := ""
	for _, in := range final {
		if strings.HasPrefix(in, "USER ") {
			user = strings.TrimSpace(strings.TrimPrefix(in, "USER "))
		}
	}
	assert.NotEmpty(t, user, "the runtime stage sets a USER")
	assert.NotContains(t, []string{"root", "0", "0:0", "root:root"}, user, "the runtime user is not root")
	assert.True(t, slices.ContainsFunc(final, func(in string) bool {
		return strings.HasPrefix(in, "COPY ") && strings.Contains(in, "testsuite/scenarios")
	}), "the runtime image has testsuite/scenarios for the simulator")

	ignore, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	require.NoError(t, err)
	for _, line := range strings.Split(string(ignore), "\n") {
		line = strings.TrimSpace(line)
		for _, needed := range []string{"go.mod", "go.sum", "testsuite", "worker", "cmd"} {
			assert.NotEqual(t, needed, strings.Trim(line, "/"), ".dockerignore must not leave %s out of the build", needed)
		}
	}
}

func TestDependencies(t *testing.T) {
	all := load(t, nil, "*")
	worker := service(t, all, "worker")
	if assert.Contains(t, worker.DependsOn, "temporal") {
		assert.Equal(t, types.ServiceConditionHealthy, worker.DependsOn["temporal"].Condition, "the worker waits until temporal is healthy")
	}
	if assert.Contains(t, worker.DependsOn, initService) {
		assert.Equal(t, types.ServiceConditionCompletedSuccessfully, worker.DependsOn[initService].Condition,
			"the worker waits until the search attributes are registered")
	}
	api := service(t, all, "api")
	if assert.Contains(t, api.DependsOn, "temporal") {
		assert.Equal(t, types.ServiceConditionHealthy, api.DependsOn["temporal"].Condition)
	}
	initSvc := service(t, all, initService)
	if assert.Contains(t, initSvc.DependsOn, "temporal") {
		assert.Equal(t, types.ServiceConditionHealthy, initSvc.DependsOn["temporal"].Condition)
	}

	// Every condition can be met: a healthy one has a healthcheck, a completed
	// one is a job that stops.
	for name, s := range all.Services {
		for dep, d := range s.DependsOn {
			target, ok := all.Services[dep]
			if !assert.True(t, ok, "%s depends on %s, which is not a service", name, dep) {
				continue
			}
			switch d.Condition {
			case types.ServiceConditionHealthy:
				hc := target.HealthCheck
				assert.True(t, hc != nil && !hc.Disable && len(hc.Test) > 0 && hc.Test[0] != "NONE",
					"%s waits until %s is healthy, which has no healthcheck", name, dep)
			case types.ServiceConditionCompletedSuccessfully:
				assert.NotContains(t, []string{"always", "unless-stopped"}, target.Restart,
					"%s waits until %s completes, which restarts forever", name, dep)
			}
		}
	}
}

// splitImage splits an image reference into repository, tag and digest.
func splitImage(ref string) (repo, tag, digest string) {
	repo, digest, _ = strings.Cut(ref, "@")
	slash := strings.LastIndex(repo, "/")
	if colon := strings.LastIndex(repo, ":"); colon > slash {
		repo, tag = repo[:colon], repo[colon+1:]
	}
	return repo, tag, digest
}

// pinned: a digest, or a tag that is not latest.
func pinned(ref string) bool {
	_, tag, digest := splitImage(ref)
	return digest != "" || (tag != "" && tag != "latest" && !strings.Contains(tag, "$"))
}

func TestImagesArePinned(t *testing.T) {
	all := load(t, nil, "*")
	for name, s := range all.Services {
		if assert.NotEmpty(t, s.Image, "%s names no image", name) {
			assert.True(t, pinned(s.Image), "%s: image %q must have a tag other than latest", name, s.Image)
		}
	}
}

func TestSearchAttributesMatchTheWorkflow(t *testing.T) {
	all := load(t, nil, "*")
	initSvc := service(t, all, initService)
	raw := env(initSvc, searchAttributesVar)
	require.NotEmpty(t, raw, "%s sets no %s", initService, searchAttributesVar)
	got := map[string]enums.IndexedValueType{}
	for _, pair := range strings.Fields(raw) {
		name, typ, ok := strings.Cut(pair, "=")
		if !assert.True(t, ok && name != "", "%s: %q is not Name=Type", searchAttributesVar, pair) {
			continue
		}
		v, ok := enums.IndexedValueType_shorthandValue[typ]
		if !assert.True(t, ok && v != 0, "%s: %s has the unknown type %q", searchAttributesVar, name, typ) {
			continue
		}
		assert.NotContains(t, got, name, "%s: %s twice", searchAttributesVar, name)
		got[name] = enums.IndexedValueType(v)
	}
	assert.Equal(t, contract.SearchAttributes(), got, "%s registers other search attributes than contract.SearchAttributes()", initService)

	// They go to the namespace and server the worker and the API use.
	worker, api := service(t, all, "worker"), service(t, all, "api")
	for _, v := range []string{"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE"} {
		assert.NotEmpty(t, env(initSvc, v), "%s sets no %s", initService, v)
		assert.Equal(t, env(worker, v), env(initSvc, v), "%s of worker and %s", v, initService)
		assert.Equal(t, env(api, v), env(initSvc, v), "%s of api and %s", v, initService)
	}

	// The script it runs registers them with `temporal operator search-attribute create`.
	script := scriptOf(t, initSvc)
	assert.Contains(t, script, "temporal operator search-attribute create")
	assert.Contains(t, script, "$SEARCH_ATTRIBUTES")
	assert.Contains(t, script, "temporal operator namespace create")
}

// hostPath is the file of the host that a path of the service's container is
// bind-mounted from ("" when no bind mount covers it).
func hostPath(s types.ServiceConfig, containerPath string) string {
	for _, v := range s.Volumes {
		if v.Type != types.VolumeTypeBind {
			continue
		}
		target := strings.TrimSuffix(v.Target, "/")
		if containerPath == target {
			return v.Source
		}
		if rest, ok := strings.CutPrefix(containerPath, target+"/"); ok {
			return filepath.Join(v.Source, filepath.FromSlash(rest))
		}
	}
	return ""
}

// scriptOf reads the bind-mounted script a service runs.
func scriptOf(t *testing.T, s types.ServiceConfig) string {
	t.Helper()
	for _, arg := range argv(s) {
		if file := hostPath(s, arg); file != "" && strings.HasSuffix(arg, ".sh") {
			data, err := os.ReadFile(file)
			require.NoError(t, err, "%s runs %s", s.Name, arg)
			return string(data)
		}
	}
	require.Failf(t, "no script", "%s runs no bind-mounted script: %q", s.Name, argv(s))
	return ""
}

func TestBindMountsExist(t *testing.T) {
	all := load(t, nil, "*")
	for name, s := range all.Services {
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeBind {
				_, err := os.Stat(v.Source)
				assert.NoError(t, err, "%s mounts %s", name, v.Source)
			}
		}
		for _, arg := range argv(s) {
			if file := hostPath(s, arg); file != "" {
				_, err := os.Stat(file)
				assert.NoError(t, err, "%s runs %s", name, arg)
			}
		}
	}
	temporal := service(t, all, "temporal")
	dc := env(temporal, "DYNAMIC_CONFIG_FILE_PATH")
	if assert.NotEmpty(t, dc, "temporal sets no DYNAMIC_CONFIG_FILE_PATH") {
		file := hostPath(temporal, dc)
		if assert.NotEmpty(t, file, "temporal's dynamic config %s is not mounted", dc) {
			_, err := os.Stat(file)
			assert.NoError(t, err)
		}
	}
	schema := service(t, all, "temporal-schema")
	assert.Contains(t, scriptOf(t, schema), "temporal-sql-tool")
}

func TestPortsArePublished(t *testing.T) {
	all := load(t, nil, "*")
	for _, want := range []struct {
		service   string
		published string
		target    uint32
	}{
		{"temporal-ui", "8233", 8080},
		{"api", "8080", 8080},
		{"simulator", "8090", 8090},
		{"temporal", "7233", 7233},
		{"worker", "9464", 9464},
	} {
		s := service(t, all, want.service)
		assert.True(t, slices.ContainsFunc(s.Ports, func(p types.ServicePortConfig) bool {
			return p.Published == want.published && p.Target == want.target
		}), "%s must publish %s -> %d, has %+v", want.service, want.published, want.target, s.Ports)
	}

	// Our commands listen on every interface of their container at those ports.
	listens := func(what, addr, port string) {
		host, p, err := net.SplitHostPort(addr)
		if !assert.NoError(t, err, "%s: %q", what, addr) {
			return
		}
		assert.Equal(t, port, p, what)
		ip := net.ParseIP(host)
		assert.False(t, host == "localhost" || (ip != nil && ip.IsLoopback()),
			"%s listens on %s, out of reach of the published port", what, addr)
	}
	listens("api ASSISTANCE_API_ADDR", env(service(t, all, "api"), "ASSISTANCE_API_ADDR"), "8080")
	listens("worker ASSISTANCE_METRICS_ADDR", env(service(t, all, "worker"), "ASSISTANCE_METRICS_ADDR"), "9464")
	listens("simulator -addr", flagValue(service(t, all, "simulator").Command, "addr"), "8090")
}

// flagValue is the value of -name (or --name) in a Go command line, as
// "-name value" or "-name=value".
func flagValue(args []string, name string) string {
	for i, a := range args {
		for _, prefix := range []string{"-" + name, "--" + name} {
			if a == prefix && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, prefix+"="); ok {
				return v
			}
		}
	}
	return ""
}

func TestWiring(t *testing.T) {
	all := load(t, nil, "*")
	worker := service(t, all, "worker")
	for name, want := range map[string]string{
		"TEMPORAL_ADDRESS":              "temporal:7233",
		"ASSISTANCE_PROVIDERS_URL":      "http://simulator:8090/providers/{provider}",
		"ASSISTANCE_CALLBACK_URL":       "http://api:8080/v1/providers/{provider}/events",
		"ASSISTANCE_CLIENT_NOTICES_URL": "http://simulator:8090/client/notices",
		"ASSISTANCE_OPS_ALERTS_URL":     "http://simulator:8090/ops/alerts",
		"ASSISTANCE_OFFERS_URL":         "http://simulator:8090/beneficiary/offers",
		"ASSISTANCE_MISSIONS_URL":       "http://simulator:8090/missions/updates",
	} {
		assert.Equal(t, want, env(worker, name), "worker %s", name)
		if u, err := url.Parse(env(worker, name)); err == nil && u.Host != "" {
			assert.Contains(t, all.Services, u.Hostname(), "worker %s names no service", name)
		}
	}
	for _, name := range []string{"api", "temporal-ui", initService} {
		assert.Equal(t, "temporal:7233", env(service(t, all, name), "TEMPORAL_ADDRESS"), "%s TEMPORAL_ADDRESS", name)
	}

	// Each secret reaches every service that needs it, from its one variable.
	p := load(t, nil, "*")
	for name, users := range secretUsers {
		for _, u := range users {
			got := env(service(t, p, u.service), u.variable)
			assert.Equal(t, testSecrets[name], got, "%s %s comes from %s", u.service, u.variable, name)
		}
	}
	api := service(t, p, "api")
	assert.Equal(t, "http://simulator:8090/ops/alerts", env(api, "ASSISTANCE_OPS_ALERTS_URL"), "the API alerts ops of floods")

	// The worker and the simulator play time at the same scale.
	for _, vars := range []map[string]string{nil, {"ASSISTANCE_SCALE": "60"}} {
		p := load(t, vars, "*")
		w, sim := flagValue(service(t, p, "worker").Command, "scale"), flagValue(service(t, p, "simulator").Command, "scale")
		assert.Equal(t, w, sim, "worker and simulator -scale")
		if vars != nil {
			assert.Equal(t, "60", w, "ASSISTANCE_SCALE sets -scale")
		}
	}
}

// use is a service's variable that holds a secret.
type use struct{ service, variable string }

// secretUsers are, for each secret of testSecrets, the services that hold it.
var secretUsers = map[string][]use{
	"ASSISTANCE_WEBHOOK_KEYS":          {{"api", "ASSISTANCE_WEBHOOK_KEYS"}, {"simulator", "ASSISTANCE_WEBHOOK_KEYS"}},
	"ASSISTANCE_LINK_KEYS":             {{"api", "ASSISTANCE_LINK_KEYS"}, {"worker", "ASSISTANCE_LINK_KEYS"}},
	"ASSISTANCE_OPS_ALERTS_SECRET":     {{"worker", "ASSISTANCE_OPS_ALERTS_SECRET"}, {"api", "ASSISTANCE_OPS_ALERTS_SECRET"}, {"simulator", "ASSISTANCE_OPS_ALERTS_SECRET"}},
	"ASSISTANCE_CLIENT_NOTICES_SECRET": {{"worker", "ASSISTANCE_CLIENT_NOTICES_SECRET"}, {"simulator", "ASSISTANCE_CLIENT_NOTICES_SECRET"}},
	"ASSISTANCE_OWNER_NOTICES_SECRET":  {{"worker", "ASSISTANCE_OWNER_NOTICES_SECRET"}, {"simulator", "ASSISTANCE_OWNER_NOTICES_SECRET"}},
	"ASSISTANCE_PAYLOAD_KEYS":          {{"worker", "ASSISTANCE_PAYLOAD_KEYS"}, {"api", "ASSISTANCE_PAYLOAD_KEYS"}, {"starter", "ASSISTANCE_PAYLOAD_KEYS"}},
	"TEMPORAL_DB_PASSWORD":             {{"postgresql", "POSTGRES_PASSWORD"}, {"temporal-schema", "SQL_PASSWORD"}, {"temporal", "POSTGRES_PWD"}},
}

// variableRe finds the variables docker-compose.yml reads: ${NAME...}.
var variableRe = regexp.MustCompile(`\$\{([A-Z0-9_]+)([^}]*)\}`)

// TestNoPublicDefaultSecret: every secret is a required variable, with no
// default anywhere in the file; without them the file does not load, and the
// error names the variable and how to make it.
func TestNoPublicDefaultSecret(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), composeFile))
	require.NoError(t, err)
	found := map[string]bool{}
	for _, m := range variableRe.FindAllStringSubmatch(string(raw), -1) {
		name, rest := m[1], m[2]
		if _, secret := testSecrets[name]; !secret {
			assert.NotRegexp(t, `(?i)SECRET|KEY|PASSW|TOKEN`, name, "%s looks like a secret: add it to testSecrets and make it required", name)
			continue
		}
		found[name] = true
		assert.True(t, strings.HasPrefix(rest, ":?"), "${%s%s}: a secret is required (${%s:?…}), never defaulted", name, rest, name)
		assert.Contains(t, rest, "make-secrets", "the error of %s says how to make it", name)
	}
	for name := range testSecrets {
		assert.True(t, found[name], "%s is not read by %s", name, composeFile)
	}
	for _, old := range []string{"local-only", "POSTGRES_PASSWORD: temporal", "POSTGRES_PWD: temporal", "SQL_PASSWORD: temporal"} {
		assert.NotContains(t, string(raw), old, "a public default secret is back")
	}
	for name := range testSecrets {
		env := withSecrets(nil)
		delete(env, name)
		_, err := loadWith(t, env, "*")
		if assert.Error(t, err, "loads without %s", name) {
			assert.Contains(t, err.Error(), name)
		}
	}
}

// TestSettingsTableListsEverySecret: deploy/README.md lists every variable the
// file reads, each secret in its Secrets table with the services using it.
func TestSettingsTableListsEverySecret(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), composeFile))
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "README.md"))
	require.NoError(t, err)
	rows := map[string]string{}
	for _, line := range strings.Split(string(readme), "\n") {
		if m := regexp.MustCompile("^\\| `([A-Z0-9_]+)` \\|(.*)$").FindStringSubmatch(line); m != nil {
			rows[m[1]] = m[2]
		}
	}
	for _, m := range variableRe.FindAllStringSubmatch(string(raw), -1) {
		assert.Contains(t, rows, m[1], "deploy/README.md's settings do not list %s", m[1])
	}
	for name, users := range secretUsers {
		if assert.Contains(t, rows, name) {
			assert.Contains(t, rows[name], "required", "%s is marked required", name)
			for _, u := range users {
				assert.Contains(t, rows[name], "`"+u.service+"`", "the row of %s names %s", name, u.service)
			}
		}
	}
}

// TestMakeSecrets runs deploy/make-secrets.sh: its .env sets every secret,
// fresh each run, in the formats the commands read, with a webhook key for
// every party the simulator plays (the providers of the scenarios and of the
// network model, the repairer, the warranty managers).
func TestMakeSecrets(t *testing.T) {
	run := func() map[string]string {
		out, err := exec.Command("sh", filepath.Join(repoRoot(t), "deploy", "make-secrets.sh")).Output()
		require.NoError(t, err)
		vars := map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
				require.True(t, strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'"), "%s is single-quoted for a shell", k)
				vars[k] = strings.Trim(v, "'")
			}
		}
		return vars
	}
	a, b := run(), run()
	out, err := exec.Command("sh", filepath.Join(repoRoot(t), "deploy", "make-secrets.sh")).Output()
	require.NoError(t, err)
	asCompose, err := dotenv.Parse(bytes.NewReader(out))
	require.NoError(t, err, "Compose reads the .env")
	for name := range testSecrets {
		assert.NotContains(t, asCompose[name], "'", "Compose takes %s without its quotes", name)
	}
	for name := range testSecrets {
		require.NotEmpty(t, a[name], "make-secrets.sh does not set %s", name)
		assert.NotEqual(t, a[name], b[name], "%s is not fresh", name)
	}
	_, err = loadWith(t, a, "*")
	require.NoError(t, err, "the file loads with the secrets made")

	keys, err := webhooksig.ParseKeys(a["ASSISTANCE_WEBHOOK_KEYS"])
	require.NoError(t, err)
	_, err = links.ParseKeys(a["ASSISTANCE_LINK_KEYS"])
	require.NoError(t, err)
	_, err = encryption.ParseKeys(a["ASSISTANCE_PAYLOAD_KEYS"])
	require.NoError(t, err)

	parties := map[string]bool{contract.OperatorPartner: true, contract.DestinationAuthorisedRepairer: true}
	scripted, err := scenarios.Load("")
	require.NoError(t, err)
	for _, sc := range scripted {
		for p := range sc.Providers {
			parties[p] = true
		}
	}
	model, err := network.Default()
	require.NoError(t, err)
	for _, p := range model.Providers {
		parties[p.ID] = true
	}
	programs, err := warranty.Builtin()
	require.NoError(t, err)
	for _, p := range programs {
		parties[p.Manager] = true
	}
	for p := range parties {
		assert.Contains(t, keys, p, "make-secrets.sh gives %s no webhook key: its webhooks would be refused", p)
	}
}
