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
		s, err := LoadFile(fsys, name, p)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// LoadFile reads and checks the scenario at path p of fsys, as Load does for
// a file; its File is name/p.
func LoadFile(fsys fs.FS, name, p string) (*Scenario, error) {
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
	return s, nil
}
