package strictjson

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// LoadDir reads every *.json at the top of fsys with parse, keyed by the id
// each file declares, which must be the file's name without .json. A bad file
// gives "FILE: FIELD: REASON; ..." (unwrapping to FieldErrors where parse
// gives them). Programs of every kind (coverage, warranty) are loaded so.
func LoadDir[T any](fsys fs.FS, parse func([]byte) (T, error), id func(T) string) (map[string]T, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := map[string]T{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		v, err := parse(data)
		if err == nil && id(v) != strings.TrimSuffix(path.Base(name), ".json") {
			err = FieldErrors{{Field: "id", Reason: fmt.Sprintf("%q must be the file name without .json", id(v))}}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[id(v)] = v
	}
	return out, nil
}
