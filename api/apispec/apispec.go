// Package apispec loads the published HTTP API (api/openapi.yaml) for the
// tests that check real requests and answers against it.
package apispec

import (
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Router loads the OpenAPI document at path and routes on paths alone: the
// servers it names differ per side of the protocol (providers, our API).
func Router(path string) (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	doc.Servers = nil
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
	}
	return legacy.NewRouter(doc)
}
