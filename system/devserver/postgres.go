package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/durationpb"

	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	postgresplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql"
	"go.temporal.io/server/tools/common/schema"
	sqltool "go.temporal.io/server/tools/sql"
)

// The two databases of a Temporal cluster on PostgreSQL, and the schemas
// (embedded in the server module) that Temporal's schema tool brings them to:
// the same steps as deploy/temporal/setup-schema.sh runs with temporal-sql-tool.
const (
	// PostgresDatabase holds the cluster's persistence (histories, tasks, namespaces).
	PostgresDatabase = "temporal"
	// PostgresVisibilityDatabase holds the visibility store (lists, search attributes).
	PostgresVisibilityDatabase = "temporal_visibility"

	postgresSchema           = "postgresql/v12/temporal"
	postgresVisibilitySchema = "postgresql/v12/visibility"
	// postgresAdminDatabase is the database the schema tool connects to when
	// it creates the other two.
	postgresAdminDatabase = "postgres"
	// postgresShards is the number of history shards of a new PostgreSQL
	// cluster: fixed for the life of its database, enough for a few history
	// hosts, cheap for one.
	postgresShards = 4
	// postgresStore names the two data stores in the server's configuration.
	postgresStore           = "postgres-default"
	postgresVisibilityStore = "postgres-visibility"
)

// postgresTarget is a parsed Config.Postgres URL.
type postgresTarget struct {
	host, port     string
	user, password string
	attrs          map[string]string // connect attributes, e.g. sslmode
}

// parsePostgresURL reads postgres://USER[:PASSWORD]@HOST[:PORT][?sslmode=…].
// The URL names no database: the server uses PostgresDatabase and
// PostgresVisibilityDatabase on that host.
func parsePostgresURL(raw string) (postgresTarget, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return postgresTarget{}, fmt.Errorf("devserver: postgres URL: %w", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return postgresTarget{}, fmt.Errorf("devserver: postgres URL %q: scheme must be postgres://", raw)
	}
	if u.Hostname() == "" {
		return postgresTarget{}, fmt.Errorf("devserver: postgres URL %q: a host is required", raw)
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		return postgresTarget{}, fmt.Errorf("devserver: postgres URL %q: name no database (the server uses %s and %s)",
			raw, PostgresDatabase, PostgresVisibilityDatabase)
	}
	t := postgresTarget{host: u.Hostname(), port: u.Port(), user: u.User.Username(), attrs: map[string]string{}}
	if t.port == "" {
		t.port = "5432"
	}
	if t.user == "" {
		return postgresTarget{}, fmt.Errorf("devserver: postgres URL %q: a user is required", raw)
	}
	t.password, _ = u.User.Password()
	for k, v := range u.Query() {
		if len(v) > 0 {
			t.attrs[k] = v[len(v)-1]
		}
	}
	return t, nil
}

// sqlConfig is the server's connection to one database of the target.
func (t postgresTarget) sqlConfig(database string) *config.SQL {
	attrs := make(map[string]string, len(t.attrs))
	for k, v := range t.attrs {
		attrs[k] = v
	}
	return &config.SQL{
		PluginName:        postgresplugin.PluginName,
		DatabaseName:      database,
		ConnectAddr:       net.JoinHostPort(t.host, t.port),
		ConnectProtocol:   "tcp",
		User:              t.user,
		Password:          t.password,
		ConnectAttributes: attrs,
		MaxConns:          20,
		MaxIdleConns:      20,
	}
}

// persistence is the server's persistence configuration on the target.
func (t postgresTarget) persistence() config.Persistence {
	return config.Persistence{
		DefaultStore:     postgresStore,
		VisibilityStore:  postgresVisibilityStore,
		NumHistoryShards: postgresShards,
		DataStores: map[string]config.DataStore{
			postgresStore:           {SQL: t.sqlConfig(PostgresDatabase)},
			postgresVisibilityStore: {SQL: t.sqlConfig(PostgresVisibilityDatabase)},
		},
	}
}

// preparePostgres creates both databases if missing and brings their schemas
// up to the server's version with Temporal's own schema tool: create-database,
// setup-schema -v 0.0 on a database that has no schema yet, then update-schema
// from the schemas embedded in the server module. It is idempotent: a
// database already up to date is left as it is.
func preparePostgres(t postgresTarget, logger log.Logger) error {
	for _, db := range []struct{ name, schema string }{
		{PostgresDatabase, postgresSchema},
		{PostgresVisibilityDatabase, postgresVisibilitySchema},
	} {
		admin := t.sqlConfig(db.name)
		if err := sqltool.DoCreateDatabase(admin, postgresAdminDatabase, logger); err != nil {
			return fmt.Errorf("devserver: create database %s: %w", db.name, err)
		}
		conn, err := sqltool.NewConnection(t.sqlConfig(db.name), logger)
		if err != nil {
			return fmt.Errorf("devserver: connect to database %s: %w", db.name, err)
		}
		err = bringSchemaUp(conn, db.name, db.schema, logger)
		conn.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// bringSchemaUp sets up the version tables of a new database, then applies
// the versions of schemaName it lacks.
func bringSchemaUp(conn *sqltool.Connection, database, schemaName string, logger log.Logger) error {
	if _, err := conn.ReadSchemaVersion(); err != nil {
		setup := schema.NewSetupSchemaTask(conn, &schema.SetupConfig{InitialVersion: "0.0"}, logger)
		if err := setup.Run(); err != nil {
			return fmt.Errorf("devserver: setup-schema of %s: %w", database, err)
		}
	}
	update := schema.NewUpdateSchemaTask(conn, &schema.UpdateConfig{DBName: database, SchemaName: schemaName}, logger)
	if err := update.Run(); err != nil {
		return fmt.Errorf("devserver: update-schema of %s: %w", database, err)
	}
	if _, err := conn.ReadSchemaVersion(); err != nil {
		return errors.Join(fmt.Errorf("devserver: schema of %s has no version after update", database), err)
	}
	return nil
}

// lockDataDirIfAny creates and locks dir; with no dir (a PostgreSQL server
// given none) there is nothing to lock.
func lockDataDirIfAny(dir string) (*os.File, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("devserver: data dir: %w", err)
	}
	return lockDataDir(dir)
}

// registerNamespace registers namespace through the running server, with its
// retention; an existing namespace is kept as it is.
func registerNamespace(ctx context.Context, c client.Client, namespace string, retention time.Duration) error {
	_, err := c.WorkflowService().RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
		Namespace:                        namespace,
		WorkflowExecutionRetentionPeriod: durationpb.New(retention),
	})
	var exists *serviceerror.NamespaceAlreadyExists
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("devserver: register namespace %s: %w", namespace, err)
	}
	return nil
}
