package encryption

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"go.temporal.io/sdk/converter"
)

// ServerOptions configure a codec server.
type ServerOptions struct {
	// Origins are the origins allowed to call the codec from a browser (the
	// Web UI's, e.g. "http://127.0.0.1:8233"); "*" allows any origin. A
	// request with another Origin is refused 403, preflight included.
	Origins []string
	// Hosts are the names the server answers to, as a browser sends them in
	// Host (host:port, e.g. "127.0.0.1:8081", "localhost:8081"); a request
	// for another Host is refused 421 (a page elsewhere rebinding a name of
	// its own to our address reads nothing). Empty: any Host (the commands
	// always set it; LocalHosts gives the names of a listen address).
	Hosts []string
	// Token, when set, must come as "Authorization: Bearer TOKEN" on every
	// request (the Temporal CLI's --codec-auth sends it). A codec server that
	// listens beyond the loopback must have one (CheckListen).
	Token string
}

// Handler serves Temporal's remote codec protocol: POST .../encode and
// POST .../decode with a JSON body {"payloads": [...]}, answered in kind, plus
// the CORS preflight a browser sends first. The Web UI sends the namespace in
// the X-Namespace header; one key ring serves every namespace. The checks
// come before any payload is read: the Host (421), the Origin (403), the
// bearer token (401).
func Handler(keys *Keys, o ServerOptions) http.Handler {
	codec := converter.NewPayloadCodecHTTPHandler(NewCodec(keys))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(o.Hosts) > 0 && !slices.ContainsFunc(o.Hosts, func(h string) bool { return strings.EqualFold(h, r.Host) }) {
			http.Error(w, fmt.Sprintf("codec server: Host %q is not one of its names", r.Host), http.StatusMisdirectedRequest)
			return
		}
		origin := r.Header.Get("Origin")
		if origin != "" && !allowed(o.Origins, origin) {
			http.Error(w, fmt.Sprintf("codec server: Origin %q may not call it (only the Web UI's)", origin), http.StatusForbidden)
			return
		}
		if origin != "" {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization")
			h.Set("Access-Control-Max-Age", "600")
			h.Add("Vary", "Origin")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if o.Token != "" && !bearer(r, o.Token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="codec"`)
			http.Error(w, "codec server: missing or wrong Authorization: Bearer token", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodPost || !(strings.HasSuffix(r.URL.Path, "/encode") || strings.HasSuffix(r.URL.Path, "/decode")) {
			http.Error(w, "codec server: POST /encode or POST /decode with {\"payloads\": [...]}", http.StatusNotFound)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 16<<20)
		codec.ServeHTTP(w, r)
	})
}

// CheckListen refuses a codec server listening at addr (host:port) beyond
// the loopback without a token: whoever reaches it could read every case.
func CheckListen(addr string, o ServerOptions) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("codec server: listen address %q: %w", addr, err)
	}
	if o.Token == "" && !Loopback(host) {
		return fmt.Errorf("codec server: listening on %s (beyond the loopback) needs a bearer token: whoever reaches it could decode every case", addr)
	}
	return nil
}

// Loopback reports whether host (an IP or "localhost") is the loopback only.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LocalHosts are the Host values a browser sends for a server bound at
// host:port: the address itself and, on the loopback, localhost and the
// other loopback spelling too.
func LocalHosts(host string, port int) []string {
	p := strconv.Itoa(port)
	hosts := []string{net.JoinHostPort(host, p)}
	if Loopback(host) {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			if hp := net.JoinHostPort(h, p); !slices.Contains(hosts, hp) {
				hosts = append(hosts, hp)
			}
		}
	}
	return hosts
}

func allowed(origins []string, origin string) bool {
	return slices.Contains(origins, "*") || slices.Contains(origins, origin)
}

func bearer(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}
