// Command codec-server serves Temporal's remote codec protocol (POST /encode,
// POST /decode) with the cases' payload keys, so that the Temporal Web UI and
// the temporal CLI of a real cluster show encrypted cases in clear to the
// people allowed to read them. `go run ./cmd/assistance` runs one for its
// embedded Web UI; this command is the same handler on its own.
//
//	go run ./cmd/codec-server -payload-keys /etc/assistance/payload-keys \
//	    -origin https://temporal-ui.example.com -token-file /etc/assistance/codec-token
//
// Then set the Web UI's codec endpoint (TEMPORAL_CODEC_ENDPOINT, or
// codec.endpoint in its config) to this server's URL, or pass
// `--codec-endpoint URL --codec-auth "Bearer TOKEN"` to the temporal CLI.
//
// It answers only the names of -host (as the browser sends Host; default:
// the listen address and, on the loopback, localhost), only the origins of
// -origin from a browser, and, with -token-file, only requests carrying the
// token. It refuses to listen beyond the loopback without a token.
// With -new-key ID it prints a new key entry to append to the key file and
// exits (key rotation, docs/privacy.md).
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/starter/connect"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "codec-server:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("codec-server", flag.ContinueOnError)
	listen := fs.String("listen", connect.Env("ASSISTANCE_CODEC_LISTEN", "127.0.0.1:8081"), "host:port to listen on")
	keyFile := fs.String("payload-keys", connect.Env(encryption.KeyFileEnv, connect.DefaultKeyFile),
		"payload key file, ID:BASE64 per line ("+encryption.KeysEnv+" holds the keys inline instead)")
	origins := fs.String("origin", connect.Env("ASSISTANCE_CODEC_ORIGINS", "http://127.0.0.1:8233,http://localhost:8233"),
		"comma-separated origins of the Web UI allowed to call the codec from a browser")
	tokenFile := fs.String("token-file", os.Getenv("ASSISTANCE_CODEC_TOKEN_FILE"),
		"file holding the bearer token every request must carry (Authorization: Bearer TOKEN); empty: no token, allowed on the loopback only")
	hosts := fs.String("host", os.Getenv("ASSISTANCE_CODEC_HOSTS"),
		"comma-separated names the server answers to, as host:port in the Host header (default: the listen address, and localhost on the loopback)")
	cert := fs.String("tls-cert", os.Getenv("ASSISTANCE_CODEC_TLS_CERT"), "server certificate (PEM); with -tls-key serves HTTPS")
	key := fs.String("tls-key", os.Getenv("ASSISTANCE_CODEC_TLS_KEY"), "server key (PEM)")
	newKey := fs.String("new-key", "", "print a new key entry ID:BASE64 with this id (\"-\" for a dated id) and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *newKey != "" {
		id := *newKey
		if id == "-" {
			id = ""
		}
		entry, err := encryption.NewEntry(id)
		if err != nil {
			return err
		}
		fmt.Println(entry)
		return nil
	}
	conn := connect.Options{PayloadKeys: *keyFile}
	keys, err := conn.Keys()
	if err != nil {
		return err
	}
	opts := encryption.ServerOptions{}
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			opts.Origins = append(opts.Origins, o)
		}
	}
	if *tokenFile != "" {
		t, err := os.ReadFile(*tokenFile)
		if err != nil {
			return fmt.Errorf("-token-file: %w", err)
		}
		if opts.Token = strings.TrimSpace(string(t)); opts.Token == "" {
			return fmt.Errorf("-token-file %s is empty", *tokenFile)
		}
	}
	if (*cert == "") != (*key == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	for _, h := range strings.Split(*hosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			opts.Hosts = append(opts.Hosts, h)
		}
	}
	if len(opts.Hosts) == 0 {
		host, portStr, err := net.SplitHostPort(*listen)
		if err != nil {
			return fmt.Errorf("-listen %q: %w", *listen, err)
		}
		port, _ := strconv.Atoi(portStr)
		opts.Hosts = encryption.LocalHosts(host, port)
	}
	if err := encryption.CheckListen(*listen, opts); err != nil {
		return fmt.Errorf("%w (give -token-file)", err)
	}
	srv := &http.Server{Addr: *listen, Handler: encryption.Handler(keys, opts), ReadHeaderTimeout: 10 * time.Second}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Printf("codec server on %s://%s (keys %v, newest %s; names %v; origins %v; token required: %v)\n",
		scheme, *listen, keys.IDs(), keys.Newest(), opts.Hosts, opts.Origins, opts.Token != "")
	if *cert != "" {
		return srv.ListenAndServeTLS(*cert, *key)
	}
	return srv.ListenAndServe()
}
