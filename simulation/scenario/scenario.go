// Package scenario reads the acceptance-case format of shared/scenarios
// (FORMAT.md): the report, what ops, providers, the client and the beneficiary
// do and when, and what the finished case must show. The test runner, the live
// demo and the provider simulator all play the same files through it.
package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// Scenario is one acceptance case.
type Scenario struct {
	// File is where the scenario was read from (not part of the format).
	File string `json:"-"`

	Name        string                     `json:"name" required:"true"`
	Seed        string                     `json:"seed"`
	RawReport   json.RawMessage            `json:"report" required:"true"`
	Ops         *Ops                       `json:"ops"`
	Providers   map[string]*ProviderScript `json:"providers"`
	Client      *Client                    `json:"client"`
	Beneficiary *Beneficiary               `json:"beneficiary"`
	Repairer    *Repairer                  `json:"repairer"`
	Warranty    *Warranty                  `json:"warranty"`
	Valet       *Valet                     `json:"valet"`
	Expect      map[string]json.RawMessage `json:"expect" required:"true"`

	// Report is RawReport, parsed and validated.
	Report contract.Report `json:"-"`

	// doc is the document Parse read, for Clone.
	doc []byte
}

// Ops is what ops staff do in the case.
type Ops struct {
	Qualify *OpsQualify `json:"qualify"`
}

// OpsQualify is ops' qualification, sent After the report.
type OpsQualify struct {
	After    Offset          `json:"-"`
	RawAfter string          `json:"after" required:"true"`
	Origin   contract.Origin `json:"origin" required:"true"`
	Nature   contract.Nature `json:"nature" required:"true"`
	Drivable *bool           `json:"drivable"`
}

// Client is what the client does when asked to approve paid options, and how
// its notice endpoint answers.
type Client struct {
	Decide *ClientDecide `json:"decide"`
	// Notices is how the client's notice endpoint answers: "" takes every
	// notice; NoticesUnreachable refuses every notice, retries included.
	Notices string `json:"notices"`
}

// NoticesUnreachable is the answer of a client whose notice endpoint refuses
// every notice.
const NoticesUnreachable = "unreachable"

// NoticesRefused reports whether the client's endpoint refuses its notices.
func (s *Scenario) NoticesRefused() bool {
	return s.Client != nil && s.Client.Notices == NoticesUnreachable
}

// ClientDecide is the client's decision, sent After the report.
type ClientDecide struct {
	After    Offset `json:"-"`
	RawAfter string `json:"after" required:"true"`
	Choose   string `json:"choose"`
	Decline  bool   `json:"decline"`
}

// Beneficiary is what the beneficiary picks, in order, when additional services
// are offered.
type Beneficiary struct {
	// Choose is one service ("hotel") or a list (["replacement_vehicle", "hotel"]).
	RawChoose json.RawMessage    `json:"choose" required:"true"`
	Choose    []contract.Service `json:"-"`
}

// Offset is a time after a reference moment, written "90s", "3m", "2h" or "5d".
type Offset time.Duration

// Duration returns the offset as a time.Duration.
func (o Offset) Duration() time.Duration { return time.Duration(o) }

// ParseOffset reads "90s", "3m", "2h", "5d" or a combination such as "1h30m".
func ParseOffset(s string) (time.Duration, error) {
	days := time.Duration(0)
	rest := s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		var n int
		if _, err := fmt.Sscanf(s[:i], "%d", &n); err != nil || fmt.Sprint(n) != s[:i] || n < 0 {
			return 0, fmt.Errorf("bad offset %q: expected a number of days before d", s)
		}
		days, rest = time.Duration(n)*24*time.Hour, s[i+1:]
	}
	if rest == "" {
		if days == 0 && s != "0d" {
			return 0, fmt.Errorf("bad offset %q", s)
		}
		return days, nil
	}
	d, err := time.ParseDuration(rest)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad offset %q: expected a duration such as 90s, 3m, 2h or 5d", s)
	}
	return days + d, nil
}

// Load reads and checks one scenario file. Every error names the file and the field.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.File = path
	return s, nil
}

// Parse reads and checks a scenario document.
func Parse(data []byte) (*Scenario, error) {
	var s Scenario
	if err := strictjson.Decode(data, &s); err != nil {
		return nil, err
	}
	r, err := contract.ParseReport(s.RawReport)
	if err != nil {
		return nil, prefixed("report", err)
	}
	s.Report = r
	if err := s.check(); err != nil {
		return nil, err
	}
	s.doc = bytes.Clone(data)
	return &s, nil
}

// LoadDir reads every *.json below dir, sub-folders included, sorted by path
// (LoadFS on the directory).
func LoadDir(dir string) ([]*Scenario, error) {
	return LoadFS(os.DirFS(dir), filepath.ToSlash(dir))
}

// prefixed puts a parent path before the field of every FieldError in err.
func prefixed(parent string, err error) error {
	switch e := err.(type) {
	case *strictjson.FieldError:
		return &strictjson.FieldError{Field: joinPath(parent, e.Field), Reason: e.Reason}
	case strictjson.FieldErrors:
		out := make(strictjson.FieldErrors, len(e))
		for i, fe := range e {
			out[i] = &strictjson.FieldError{Field: joinPath(parent, fe.Field), Reason: fe.Reason}
		}
		return out
	}
	return &strictjson.FieldError{Field: parent, Reason: err.Error()}
}

func joinPath(parent, field string) string {
	if field == "" {
		return parent
	}
	return parent + "." + field
}
