package encryption

import (
	"strings"
	"testing"

	"go.temporal.io/sdk/converter"
)

// BenchmarkCodec measures the codec on a payload the size of a report
// (about 1 KB of JSON): encode then decode, as a worker does per payload.
func BenchmarkCodec(b *testing.B) {
	entry, err := NewEntry("bench")
	if err != nil {
		b.Fatal(err)
	}
	keys, err := ParseKeys(entry)
	if err != nil {
		b.Fatal(err)
	}
	report := map[string]string{"valet_id": "V-12", "notes": strings.Repeat("x", 1000)}
	for _, c := range []struct {
		name string
		dc   converter.DataConverter
	}{{"clear", converter.GetDefaultDataConverter()}, {"encrypted", DataConverter(keys)}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p, err := c.dc.ToPayload(report)
				if err != nil {
					b.Fatal(err)
				}
				var back map[string]string
				if err := c.dc.FromPayload(p, &back); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
