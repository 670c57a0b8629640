package connect

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.temporal.io/sdk/client"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"
)

// Metrics exposes the SDK's metrics (workflow and activity counts, latencies,
// poller and cache figures) for Prometheus through OpenTelemetry.
type Metrics struct {
	// Handler is given to the client (client.Options.MetricsHandler).
	Handler  client.MetricsHandler
	registry *prometheus.Registry
}

// NewMetrics builds the metrics pipeline on a registry of its own.
func NewMetrics() (*Metrics, error) {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry))
	if err != nil {
		return nil, err
	}
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	handler := temporalotel.NewMetricsHandler(temporalotel.MetricsHandlerOptions{Meter: provider.Meter("breakdown-assistance")})
	return &Metrics{Handler: handler, registry: registry}, nil
}

// HTTP serves the metrics in the Prometheus text format at any path.
func (m *Metrics) HTTP() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	return mux
}
