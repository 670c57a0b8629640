package scenario

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// LoadFS reads every *.json of fsys, sub-folders included, sorted by path, as
// LoadDir does for a directory (e.g. scenarios embedded in a binary). A
// scenario's File is name/PATH.
func LoadFS(fsys fs.FS, name string) ([]*Scenario, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := make([]*Scenario, 0, len(paths))
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		file := path.Join(name, p)
		s, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		s.File = file
		out = append(out, s)
	}
	return out, nil
}
