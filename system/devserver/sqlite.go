package devserver

import (
	"fmt"
	"os"
	"path/filepath"

	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/metrics"
	"go.temporal.io/server/common/persistence/sql"
	"go.temporal.io/server/common/persistence/sql/sqlplugin"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/resolver"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"google.golang.org/protobuf/types/known/durationpb"
)

// sqliteConnectAttributes are the connection attributes of the SQLite store.
// The server's sqlite plugin (modernc.org/sqlite driver) passes the SQLite
// URI parameters (mode, cache, ...) through as they are and turns every other
// key into a "_pragma=key=value" DSN parameter, which the driver executes on
// each new connection. The keys therefore carry no "_" prefix. The plugin
// also checks ConnectAttributes["journal_mode"] == "wal" itself.
var sqliteConnectAttributes = map[string]string{
	"mode":         "rwc",    // read-write, create the file if missing
	"journal_mode": "wal",    // write-ahead log: readers do not block the writer
	"synchronous":  "normal", // fsync at checkpoints only; safe in WAL mode
	"busy_timeout": "10000",  // ms to wait on a lock held by another connection
}

// sqlConfig returns the persistence config for the database file in dataDir.
func sqlConfig(dataDir string) *config.SQL {
	attrs := make(map[string]string, len(sqliteConnectAttributes))
	for k, v := range sqliteConnectAttributes {
		attrs[k] = v
	}
	return &config.SQL{
		PluginName:        sqliteplugin.PluginName,
		DatabaseName:      filepath.Join(dataDir, DatabaseFile),
		ConnectAttributes: attrs,
		// One connection, shared by all services (the plugin pools by DSN):
		// SQLite has a single writer anyway, and this avoids SQLITE_BUSY.
		MaxConns:     1,
		MaxIdleConns: 1,
	}
}

// prepareDatabase creates the schema if the database file does not exist
// yet, then registers the namespace (with its retention and search
// attributes) unless it already exists. It runs before the server starts,
// so the server loads the namespace on start-up.
func prepareDatabase(s settings, sqlCfg *config.SQL, clusterName string) error {
	if _, err := os.Stat(sqlCfg.DatabaseName); os.IsNotExist(err) {
		if err := sqliteschema.SetupSchema(sqlCfg); err != nil {
			return fmt.Errorf("devserver: create schema: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("devserver: database file: %w", err)
	}
	ns, err := sqliteschema.NewNamespaceConfig(clusterName, s.namespace, false, s.searchAttributes)
	if err != nil {
		return fmt.Errorf("devserver: namespace %q: %w", s.namespace, err)
	}
	ns.Detail.Config.Retention = durationpb.New(s.retention)
	if err := sqliteschema.CreateNamespaces(sqlCfg, ns); err != nil {
		return fmt.Errorf("devserver: namespace %q: %w", s.namespace, err)
	}
	return nil
}

// checkpoint copies the write-ahead log into the database file and truncates
// it, so that the file alone holds all data once the server has stopped.
// The plugin shares one connection per DSN, so this reuses the server's.
func checkpoint(sqlCfg *config.SQL) error {
	db, err := sqlAdmin(sqlCfg)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	return db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}

// sqlAdmin opens the server's database through its plugin (and so shares
// the server's connection).
func sqlAdmin(sqlCfg *config.SQL) (sqlplugin.AdminDB, error) {
	return sql.NewSQLAdminDB(sqlplugin.DbKindUnknown, sqlCfg, resolver.NewNoopResolver(), log.NewNoopLogger(), metrics.NoopMetricsHandler)
}
