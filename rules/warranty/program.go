package warranty

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
	"github.com/valetops/assistance/rules/coverage"
)

// Program is one warranty program loaded from a data file
// (programs/<id>.json); what vehicle.warranty.program names.
type Program struct {
	ID      string `json:"id" required:"true"`
	Name    string `json:"name" required:"true"`
	Manager string `json:"manager" required:"true"` // the warranty manager's id
	Source  string `json:"source"`
	// Diagnosis: repairs are covered only once the repairer's diagnosis and
	// quote have reached the manager.
	Diagnosis Clause `json:"diagnosis" required:"true"`
	// EventNumber: abroad, the manager assigns an event number before any
	// repair; it must appear on the invoices.
	EventNumber EventNumberRule `json:"event_number" required:"true"`
	// Natures are the breakdowns the warranty answers for; empty: every
	// mechanical breakdown.
	Natures []contract.Nature `json:"natures"`
	// Ceilings cap what the warranty pays per intervention (the home-assistance company's terms, docs/glossary.md); nil: none.
	Ceilings *coverage.Ceilings `json:"ceilings,omitempty"`
}

// Clause cites the program's terms.
type Clause struct {
	Clause string `json:"clause" required:"true"`
}

// EventNumberRule says when an event number comes first.
type EventNumberRule struct {
	Clause string `json:"clause" required:"true"`
	// Abroad: an event number is needed when the vehicle broke down outside its
	// registration country.
	Abroad bool `json:"abroad" required:"true"`
}

// Catalog is the warranty programs by id.
type Catalog map[string]*Program

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Validate checks the program's values; every problem names its JSON path.
func (p *Program) Validate() error {
	var errs strictjson.FieldErrors
	add := errs.Add
	if !idPattern.MatchString(p.ID) {
		add("id", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-', got %q", p.ID)
	}
	if strings.TrimSpace(p.Name) == "" {
		add("name", "is required")
	}
	if !idPattern.MatchString(p.Manager) {
		add("manager", "must be a warranty manager id such as opteven, got %q", p.Manager)
	}
	for i, n := range p.Natures {
		if !n.Valid() {
			add(fmt.Sprintf("natures[%d]", i), "unknown nature %q; expected one of %s", n, strings.Join(contract.Natures(), ", "))
		} else if slices.Index(p.Natures, n) != i {
			add(fmt.Sprintf("natures[%d]", i), "%q is listed twice", n)
		}
	}
	if err := coverage.ValidateCeilings(p.Ceilings, "ceilings"); err != nil {
		errs = append(errs, err.(strictjson.FieldErrors)...)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Covers reports whether the warranty answers for a breakdown of nature n.
func (p *Program) Covers(n contract.Nature) bool {
	return p == nil || len(p.Natures) == 0 || slices.Contains(p.Natures, n)
}

// NeedsEventNumber reports whether a claim must first get an event number: a
// breakdown abroad, under a program that says so or an unknown program (the
// seed's rule for any warranty).
func (p *Program) NeedsEventNumber(abroad bool) bool {
	if p == nil {
		return abroad
	}
	return abroad && p.EventNumber.Abroad
}

//go:embed programs/*.json
var builtinFiles embed.FS

// Builtin returns the warranty programs embedded in the binary.
func Builtin() (Catalog, error) {
	sub, err := fs.Sub(builtinFiles, "programs")
	if err != nil {
		return nil, err
	}
	c, err := LoadDir(sub)
	if err != nil {
		return nil, fmt.Errorf("builtin warranty programs: %w", err)
	}
	return c, nil
}

// LoadDir loads every *.json at the top of fsys; an error names the file and
// the field.
func LoadDir(fsys fs.FS) (Catalog, error) {
	return strictjson.LoadDir(fsys, ParseProgram, func(p *Program) string { return p.ID })
}

// ParseProgram decodes one program file strictly and validates it.
func ParseProgram(data []byte) (*Program, error) {
	return strictjson.DecodeValid[Program](data)
}

// Lookup returns the program with this id, or nil when it is unknown here.
func (c Catalog) Lookup(id string) *Program { return c[id] }
