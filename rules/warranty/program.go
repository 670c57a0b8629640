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
	// Natures are the breakdowns the warranty's claims cover: a claim opens
	// only for a nature listed here (DOMAIN.md, "A claim opens only for a
	// nature the warranty program lists"); at least one.
	Natures []contract.Nature `json:"natures" required:"true"`
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
	// Reimbursement is how a repair abroad is paid: first by the client,
	// then reimbursed on the original paid invoice at the rates of
	// RatesCountry (the warranty_abroad notice says it); nil: the program
	// says nothing of it.
	Reimbursement *AbroadReimbursement `json:"reimbursement,omitempty"`
}

// AbroadReimbursement is how a repair abroad is paid under a warranty
// (seed 003: "sur présentation de la facture acquittée en original, au barème
// pièces et main d'œuvre applicable en France").
type AbroadReimbursement struct {
	Clause string `json:"clause"`
	// RatesCountry is the country whose parts and labour rates apply.
	RatesCountry string `json:"rates_country" required:"true"`
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
	if len(p.Natures) == 0 {
		add("natures", "must list at least one nature: a claim opens only for a nature the program lists")
	}
	if r := p.EventNumber.Reimbursement; r != nil && !coverage.ValidCountry(r.RatesCountry) {
		add("event_number.reimbursement.rates_country", "must be an ISO 3166 two-letter code such as FR, got %q", r.RatesCountry)
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

// Covers reports whether the warranty's claims cover a breakdown of nature n:
// a nature the program lists. An unknown program (nil) covers every nature:
// its manager, who knows its terms, decides.
func (p *Program) Covers(n contract.Nature) bool {
	return p == nil || slices.Contains(p.Natures, n)
}

// OpensClaim reports whether a breakdown may open a claim under the program:
// mechanical (a valet error or an operator fault is the operator's
// business) and of a nature the program lists. Otherwise: no claim, no event
// number, and the mission is decided at the tow.
func (p *Program) OpensClaim(origin contract.Origin, nature contract.Nature) bool {
	return origin == contract.OriginMechanical && p.Covers(nature)
}

// EventNumberFirst reports whether the case asks the manager for the event
// number as soon as it is qualified, before the dispatch (seed 003:
// "Contacter le gestionnaire … qui attribuera un numéro d'événement devant
// figurer sur les factures, puis confier le véhicule"): a breakdown abroad
// that opens a claim, under a program that asks for one abroad.
func (p *Program) EventNumberFirst(origin contract.Origin, nature contract.Nature, abroad bool) bool {
	return p.OpensClaim(origin, nature) && p.NeedsEventNumber(abroad)
}

// RatesCountry is the country whose rates a repair abroad is reimbursed at,
// or "" when the program does not say.
func (p *Program) RatesCountry() string {
	if p == nil || p.EventNumber.Reimbursement == nil {
		return ""
	}
	return p.EventNumber.Reimbursement.RatesCountry
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
