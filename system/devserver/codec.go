package devserver

import (
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/valetops/assistance/encryption"
)

// KeyFile is the name of the payload key file inside Config.DataDir, created
// with one new key on first start when Config.Keys is nil.
const KeyFile = "payload-keys"

// payloadKeys returns the keys of the cases' payloads: cfg's, or those of the
// key file in the data directory (created on first start).
func payloadKeys(s settings) (keys *encryption.Keys, file string, created bool, err error) {
	if s.keys != nil {
		return s.keys, "", false, nil
	}
	if s.dataDir == "" {
		return nil, "", false, fmt.Errorf("devserver: no payload keys: give Config.Keys, or a DataDir to hold the key file %s", KeyFile)
	}
	file = filepath.Join(s.dataDir, KeyFile)
	keys, created, err = encryption.EnsureFile(file)
	if err != nil {
		return nil, "", false, fmt.Errorf("devserver: %w", err)
	}
	return keys, file, created, nil
}

// uiOrigins are the origins a browser shows for the Web UI on ui: its
// dialable address and, on the loopback, the same port on localhost.
func uiOrigins(ui hostPort) []string {
	origins := []string{"http://" + ui.dialAddr()}
	if ip := net.ParseIP(ui.dialHost()); ip != nil && ip.IsLoopback() {
		origins = append(origins, "http://localhost:"+strconv.Itoa(ui.port))
	}
	return origins
}

// startCodec serves, on ln, the codec server that lets the Web UI (from
// origins) decode the cases' payloads, in the background. It answers its own
// names only (the bound address, and localhost on the loopback), and asks
// for token when one is given.
func startCodec(ln net.Listener, host string, keys *encryption.Keys, origins []string, s settings) *uiServer {
	bound := hostPort{host: host, port: ln.Addr().(*net.TCPAddr).Port}
	hosts := append(encryption.LocalHosts(bound.dialHost(), bound.port), s.codecHosts...)
	token := s.codecToken
	c := &uiServer{
		http: &http.Server{
			Handler:           encryption.Handler(keys, encryption.ServerOptions{Origins: origins, Hosts: hosts, Token: token}),
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          stdlog.New(io.Discard, "", 0),
		},
		addr: bound.dialAddr(),
		done: make(chan struct{}),
	}
	go func() {
		defer close(c.done)
		_ = c.http.Serve(ln)
	}()
	return c
}
