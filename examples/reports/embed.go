// Package reports embeds the ready reports of this folder, one per routing
// kind (valet error, operator fault, lease return, new, used, no assistance):
// README shows how to report one by hand, and the capacity what-if (package
// whatif) draws its cases from them.
package reports

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/valetops/assistance/contract"
)

//go:embed *.json
var files embed.FS

// Report is one ready report and the name of its file without the
// extension and the order prefix ("valet_error", "new", ...).
type Report struct {
	Name   string
	Report contract.Report
}

// Builtin returns the embedded reports, in the order of their files.
func Builtin() ([]Report, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Report, 0, len(names))
	for _, n := range names {
		data, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		r, err := contract.ParseReport(data)
		if err != nil {
			return nil, fmt.Errorf("examples/reports/%s: %w", n, err)
		}
		name := strings.TrimSuffix(path.Base(n), ".json")
		if _, rest, ok := strings.Cut(name, "_"); ok {
			name = rest
		}
		out = append(out, Report{Name: name, Report: r})
	}
	return out, nil
}
