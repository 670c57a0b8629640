package devserver

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/temporal"
)

const (
	// clusterName is the name of the single local cluster.
	clusterName = "active"
	// namespaceRefresh is how often every service reloads namespaces (and so
	// search attribute aliases) from the database.
	namespaceRefresh = time.Second
)

// servicePorts are the gRPC ports of the four Temporal services and the
// port of the frontend's HTTP API (which also serves Nexus).
type servicePorts struct {
	frontend, frontendHTTP, history, matching, worker int
}

// sqlitePersistence is the persistence configuration on one SQLite file.
func sqlitePersistence(sqlCfg *config.SQL) config.Persistence {
	return config.Persistence{
		DefaultStore:     sqliteplugin.PluginName,
		VisibilityStore:  sqliteplugin.PluginName,
		NumHistoryShards: 1, // fixed for the life of the database
		DataStores:       map[string]config.DataStore{sqliteplugin.PluginName: {SQL: sqlCfg}},
	}
}

// newTemporalServer builds (but does not start) the Temporal server.
// host is the IP the internal services bind to; fe is the frontend listen address.
func newTemporalServer(s settings, sec *security, persistence config.Persistence, fe hostPort, host string, ports servicePorts) (temporal.Server, error) {
	feDial := fe.dialAddr()
	httpDial := hostPort{host: fe.host, port: ports.frontendHTTP}.dialAddr()
	conf := &config.Config{}
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = host
	conf.Persistence = persistence
	conf.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             feDial,
				HTTPAddress:            httpDial,
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	conf.Services = map[string]config.Service{
		"frontend": {RPC: config.RPC{GRPCPort: ports.frontend, HTTPPort: ports.frontendHTTP, BindOnIP: fe.host}},
		"history":  {RPC: config.RPC{GRPCPort: ports.history, BindOnIP: host}},
		"matching": {RPC: config.RPC{GRPCPort: ports.matching, BindOnIP: host}},
		"worker":   {RPC: config.RPC{GRPCPort: ports.worker, BindOnIP: host}},
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = feDial
	if sec != nil {
		tlsConf, err := sec.rootTLS(fe.dialHost())
		if err != nil {
			return nil, fmt.Errorf("devserver: TLS: %w", err)
		}
		conf.Global.TLS = tlsConf
	}
	dc := dynamicConfig(s)
	sec.dynamicConfig(dc)

	at := func(port int) static.Hosts { return static.SingleLocalHost(net.JoinHostPort(host, strconv.Itoa(port))) }
	opts := append([]temporal.ServerOption{
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		// Static membership: no ringpop gossip, no membership ports, fast start.
		temporal.WithStaticHosts(map[primitives.ServiceName]static.Hosts{
			primitives.FrontendService: static.SingleLocalHost(feDial),
			primitives.HistoryService:  at(ports.history),
			primitives.MatchingService: at(ports.matching),
			primitives.WorkerService:   at(ports.worker),
		}),
		temporal.WithLogger(log.NewZapLogger(s.logger)),
		temporal.WithDynamicConfigClient(dc),
	}, sec.serverOptions()...)
	srv, err := temporal.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("devserver: build server: %w", err)
	}
	return srv, nil
}

// dynamicConfig is the server's dynamic configuration.
func dynamicConfig(s settings) dynamicconfig.StaticClient {
	dc := dynamicconfig.StaticClient{
		dynamicconfig.NamespaceCacheRefreshInterval.Key(): namespaceRefresh,
		// The Web UI lists and counts a lot; the default (10/s) throttles it.
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
	}
	if s.testRetention {
		// Config.TestRetention: the namespace may be registered with it, and a
		// closed workflow is deleted when it is past, not up to 30 min later.
		dc[dynamicconfig.NamespaceMinRetentionLocal.Key()] = s.retention
		dc[dynamicconfig.RetentionTimerJitterDuration.Key()] = time.Second
	}
	return dc
}
