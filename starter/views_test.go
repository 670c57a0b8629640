package starter

import (
	"os"
	"strings"
	"testing"
)

// The saved views README.md and docs/ops.md give ops are the lists the
// `starter list` flags print: the same visibility queries, word for word.
func TestTheDocumentedViewsAreTheFlagsQueries(t *testing.T) {
	views := map[string]Filter{
		"needing ops":                       {NeedsOps: true},
		"waiting for the client's approval": {WaitingForApproval: true, Open: true},
		"late providers":                    {Late: true},
	}
	for _, doc := range []string{"../README.md", "../docs/ops.md"} {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for name, f := range views {
			if q := "`" + f.Query() + "`"; !strings.Contains(string(data), q) {
				t.Errorf("%s does not give the %s view as %s", doc, name, q)
			}
		}
	}
}
