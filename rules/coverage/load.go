package coverage

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/valetops/assistance/contract/strictjson"
)

//go:embed programs/*.json
var builtinFiles embed.FS

// Builtin returns the programs embedded in the binary (rules/coverage/programs/*.json);
// error if one is malformed.
func Builtin() (Catalog, error) {
	sub, err := fs.Sub(builtinFiles, "programs")
	if err != nil {
		return nil, err
	}
	c, err := LoadDir(sub)
	if err != nil {
		return nil, fmt.Errorf("builtin programs: %w", err)
	}
	return c, nil
}

// LoadDir loads every *.json at the top of fsys. A malformed file gives an error
// "FILE: FIELD: REASON; ..." that unwraps to strictjson.FieldErrors, so
// strictjson.FirstField finds the JSON path of the first problem.
func LoadDir(fsys fs.FS) (Catalog, error) {
	return strictjson.LoadDir(fsys, ParseProgram, func(p *Program) string { return p.ID })
}

// ParseProgram decodes one program file strictly (unknown or missing fields are
// refused) and validates it.
func ParseProgram(data []byte) (*Program, error) {
	return strictjson.DecodeValid[Program](data)
}

// Lookup returns the program with this id, or an error naming the known ones.
func (c Catalog) Lookup(id string) (*Program, error) {
	if p, ok := c[id]; ok {
		return p, nil
	}
	known := make([]string, 0, len(c))
	for k := range c {
		known = append(known, k)
	}
	sort.Strings(known)
	return nil, fmt.Errorf("unknown assistance program %q; known: %s", id, strings.Join(known, ", "))
}
