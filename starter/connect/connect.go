// Package connect dials a Temporal server from flags and environment: address,
// namespace, TLS (client certificate, CA, server name), API key and the
// payload encryption keys, with our zap logger and SDK metrics; an unreachable
// server is a clear message, not a stack trace.
package connect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/valetops/assistance/encryption"
)

// Options are the connection options to a Temporal server.
type Options struct {
	Address       string
	Namespace     string
	TLSCert       string
	TLSKey        string
	TLSCA         string
	TLSServerName string
	APIKey        string
	// PayloadKeys is the key file that encrypts every payload (see package
	// encryption); the environment variable encryption.KeysEnv, when set,
	// holds the keys instead.
	PayloadKeys string
}

// DefaultKeyFile is the key file `go run ./cmd/assistance` creates in its
// data directory on first start: commands run beside it find it there.
const DefaultKeyFile = "data/payload-keys"

// Flags declares the connection flags on fs, each defaulting to its
// environment variable (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS_CERT,
// TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY).
func Flags(fs *flag.FlagSet) *Options {
	o := &Options{}
	fs.StringVar(&o.Address, "address", Env("TEMPORAL_ADDRESS", "127.0.0.1:7233"), "Temporal frontend host:port")
	fs.StringVar(&o.Namespace, "namespace", Env("TEMPORAL_NAMESPACE", "default"), "Temporal namespace")
	fs.StringVar(&o.TLSCert, "tls-cert", os.Getenv("TEMPORAL_TLS_CERT"), "client certificate (PEM) for mutual TLS; in our cluster shape its OU is this process's role (docs/security.md)")
	fs.StringVar(&o.TLSKey, "tls-key", os.Getenv("TEMPORAL_TLS_KEY"), "client key (PEM) for mTLS")
	fs.StringVar(&o.TLSCA, "tls-ca", os.Getenv("TEMPORAL_TLS_CA"), "CA certificate (PEM) of the server")
	fs.StringVar(&o.TLSServerName, "tls-server-name", os.Getenv("TEMPORAL_TLS_SERVER_NAME"), "server name to verify")
	fs.StringVar(&o.APIKey, "api-key", os.Getenv("TEMPORAL_API_KEY"), "API key (Temporal Cloud); implies TLS")
	fs.StringVar(&o.PayloadKeys, "payload-keys", Env(encryption.KeyFileEnv, DefaultKeyFile),
		"file of the payload encryption keys, ID:BASE64 per line, the last one encrypts ("+encryption.KeysEnv+" holds them inline instead)")
	return o
}

// Args are the flags that give another process these connection options;
// those left empty (TLS, API key, key file) are left out.
func (o *Options) Args() []string {
	args := []string{"-address=" + o.Address, "-namespace=" + o.Namespace}
	for _, f := range []struct{ name, value string }{
		{"tls-cert", o.TLSCert}, {"tls-key", o.TLSKey}, {"tls-ca", o.TLSCA}, {"tls-server-name", o.TLSServerName},
		{"api-key", o.APIKey}, {"payload-keys", o.PayloadKeys},
	} {
		if f.value != "" {
			args = append(args, "-"+f.name+"="+f.value)
		}
	}
	return args
}

// Dial connects to the server and checks it answers; metricsHandler may be
// nil. Every payload the client writes is encrypted with the payload keys:
// without keys it refuses to connect.
func Dial(ctx context.Context, o *Options, log *zap.Logger, metricsHandler client.MetricsHandler) (client.Client, error) {
	opts := client.Options{HostPort: o.Address, Namespace: o.Namespace, Logger: NewSDKLogger(log), MetricsHandler: metricsHandler}
	keys, err := o.Keys()
	if err != nil {
		return nil, err
	}
	encryption.Configure(&opts, keys)
	tlsConfig, err := o.tls()
	if err != nil {
		return nil, err
	}
	opts.ConnectionOptions.TLS = tlsConfig
	if o.APIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(o.APIKey)
	}
	dialCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	c, err := client.DialContext(dialCtx, opts)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the Temporal server at %s (namespace %q): %s — is it running? `go run ./cmd/assistance` starts one with everything else",
			o.Address, o.Namespace, short(err))
	}
	return c, nil
}

// Keys reads the payload keys: from encryption.KeysEnv when it is set, else
// from the file PayloadKeys.
func (o *Options) Keys() (*encryption.Keys, error) {
	if os.Getenv(encryption.KeysEnv) != "" {
		keys, _, err := encryption.FromEnv()
		return keys, err
	}
	if o.PayloadKeys == "" {
		return nil, fmt.Errorf("no payload keys: pass -payload-keys FILE or set %s (docs/privacy.md)", encryption.KeysEnv)
	}
	keys, err := encryption.LoadFile(o.PayloadKeys)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no payload keys: %s does not exist (`go run ./cmd/assistance` creates %s on first start); pass -payload-keys FILE or set %s",
			o.PayloadKeys, DefaultKeyFile, encryption.KeysEnv)
	}
	return keys, err
}

// TLSConfig is the TLS configuration of the options: the client certificate
// (-tls-cert, -tls-key) a cluster with mutual TLS and roles authenticates the
// process by (its role and subject; docs/security.md), the CA (-tls-ca) and
// the server name; nil when none is given.
func (o *Options) TLSConfig() (*tls.Config, error) { return o.tls() }

func (o *Options) tls() (*tls.Config, error) {
	if o.TLSCert == "" && o.TLSCA == "" && o.APIKey == "" {
		return nil, nil
	}
	cfg := &tls.Config{ServerName: o.TLSServerName, MinVersion: tls.VersionTLS12}
	if o.TLSCert != "" || o.TLSKey != "" {
		cert, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("loading the client certificate (-tls-cert %s, -tls-key %s): %w", o.TLSCert, o.TLSKey, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if o.TLSCA != "" {
		pem, err := os.ReadFile(o.TLSCA)
		if err != nil {
			return nil, fmt.Errorf("reading the CA (-tls-ca): %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("-tls-ca %s holds no PEM certificate", o.TLSCA)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// short keeps the innermost message of a gRPC dial error.
func short(err error) string {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}

// Env returns the environment variable name, or fallback when it is unset or empty.
func Env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
