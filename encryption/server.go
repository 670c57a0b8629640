package encryption

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"

	"go.temporal.io/sdk/converter"
)

// ServerOptions configure a codec server.
type ServerOptions struct {
	// Origins are the origins allowed to call the codec from a browser (the
	// Web UI's, e.g. "http://127.0.0.1:8233"); "*" allows any origin.
	Origins []string
	// Token, when set, must come as "Authorization: Bearer TOKEN" on every
	// request (the Temporal CLI's --codec-auth sends it).
	Token string
}

// Handler serves Temporal's remote codec protocol: POST .../encode and
// POST .../decode with a JSON body {"payloads": [...]}, answered in kind, plus
// the CORS preflight a browser sends first. The Web UI sends the namespace in
// the X-Namespace header; one key ring serves every namespace.
func Handler(keys *Keys, o ServerOptions) http.Handler {
	codec := converter.NewPayloadCodecHTTPHandler(NewCodec(keys))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && allowed(o.Origins, origin) {
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

func allowed(origins []string, origin string) bool {
	return slices.Contains(origins, "*") || slices.Contains(origins, origin)
}

func bearer(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}
