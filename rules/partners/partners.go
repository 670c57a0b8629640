package partners

import (
	_ "embed"
	"fmt"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // partners' hours are in their own time zone, wherever the worker runs

	"github.com/valetops/assistance/contract/strictjson"
)

//go:embed network.json
var defaultNetwork []byte

// Network is the operator's partners, in the order of the file.
type Network struct {
	Partners []Partner `json:"partners" required:"true"`
}

// Partner is one assistance partner of the operator.
type Partner struct {
	ID     string  `json:"id" required:"true"`
	Name   string  `json:"name"`
	Depots []Depot `json:"depots" required:"true"`
	Hours  Hours   `json:"hours" required:"true"`
	// Capabilities say which vehicles and passengers its trucks take.
	Capabilities Capabilities `json:"capabilities" required:"true"`
	// SpeedKmh is its trucks' average speed on the road to a breakdown.
	SpeedKmh float64 `json:"speed_kmh" required:"true"`
	// AnswerMinutes is how long it usually takes to accept a request.
	AnswerMinutes float64 `json:"answer_minutes"`
	// PriceEUR is its price for an intervention (on-site repair or tow).
	PriceEUR float64 `json:"price_eur" required:"true"`
	// Reliability is the share of its promises it keeps, from 0 to 1.
	Reliability float64 `json:"reliability" required:"true"`
}

// Depot is where a partner's trucks start from.
type Depot struct {
	Name string  `json:"name" required:"true"`
	Lat  float64 `json:"lat" required:"true"`
	Lon  float64 `json:"lon" required:"true"`
}

// Hours are when a partner takes requests: always, or from Open to Close
// ("07:00", "20:00"; Close before Open runs past midnight) on Days ("mon",
// "tue", ...; empty: every day), in its time zone (IANA, default UTC).
type Hours struct {
	Always bool     `json:"always"`
	Open   string   `json:"open"`
	Close  string   `json:"close"`
	Days   []string `json:"days"`
	Zone   string   `json:"zone"`
}

// Capabilities are what a partner's trucks can take.
type Capabilities struct {
	// HeavyVehicles: vehicles over 3.5 t.
	HeavyVehicles bool `json:"heavy_vehicles"`
	// Electric: electric vehicles (flatbed, insulated tools).
	Electric bool `json:"electric"`
	// Seats is the seats for passengers in the truck (0: the valet needs a taxi).
	Seats int `json:"seats"`
}

// HeavyVehicleKg is the weight from which a vehicle needs a heavy tow truck.
const HeavyVehicleKg = 3500

// Default returns the embedded network.
func Default() Network {
	n, err := Parse(defaultNetwork)
	if err != nil {
		panic("partners: the embedded network.json is invalid: " + err.Error()) // checked by the tests
	}
	return n
}

// Load reads a network file; empty path: the embedded network.
func Load(path string) (Network, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Network{}, err
	}
	n, err := Parse(data)
	if err != nil {
		return Network{}, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// Parse reads a network strictly (unknown fields refused) and checks it;
// every error names the field.
func Parse(data []byte) (Network, error) {
	var n Network
	if err := strictjson.Decode(data, &n); err != nil {
		return Network{}, err
	}
	return n, n.check()
}

func (n Network) check() error {
	var errs strictjson.FieldErrors
	add := errs.Add
	if len(n.Partners) == 0 {
		add("partners", "must list at least one partner")
	}
	seen := map[string]bool{}
	for i, p := range n.Partners {
		f := fmt.Sprintf("partners[%d]", i)
		switch {
		case strings.TrimSpace(p.ID) == "":
			add(f+".id", "is required")
		case seen[p.ID]:
			add(f+".id", "%q is listed twice", p.ID)
		}
		seen[p.ID] = true
		if len(p.Depots) == 0 {
			add(f+".depots", "must list at least one depot")
		}
		for j, d := range p.Depots {
			if d.Lat < -90 || d.Lat > 90 || d.Lon < -180 || d.Lon > 180 {
				add(fmt.Sprintf("%s.depots[%d]", f, j), "lat must be within ±90 and lon within ±180, got %g,%g", d.Lat, d.Lon)
			}
		}
		if p.SpeedKmh <= 0 {
			add(f+".speed_kmh", "must be positive, got %g", p.SpeedKmh)
		}
		if p.AnswerMinutes < 0 {
			add(f+".answer_minutes", "must not be negative, got %g", p.AnswerMinutes)
		}
		if p.PriceEUR < 0 {
			add(f+".price_eur", "must not be negative, got %g", p.PriceEUR)
		}
		if p.Reliability < 0 || p.Reliability > 1 {
			add(f+".reliability", "must be between 0 and 1, got %g", p.Reliability)
		}
		if p.Capabilities.Seats < 0 {
			add(f+".capabilities.seats", "must not be negative, got %d", p.Capabilities.Seats)
		}
		if err := p.Hours.check(); err != nil {
			add(f+".hours", "%v", err)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

func (h Hours) check() error {
	if _, err := time.LoadLocation(h.Zone); err != nil {
		return fmt.Errorf("unknown time zone %q", h.Zone)
	}
	for _, d := range h.Days {
		if _, ok := weekdays[d]; !ok {
			return fmt.Errorf("unknown day %q; expected mon, tue, wed, thu, fri, sat or sun", d)
		}
	}
	if h.Always {
		if h.Open != "" || h.Close != "" {
			return fmt.Errorf("always excludes open and close")
		}
		return nil
	}
	if _, err := clock(h.Open); err != nil {
		return fmt.Errorf("open: %v", err)
	}
	if _, err := clock(h.Close); err != nil {
		return fmt.Errorf("close: %v", err)
	}
	return nil
}

// OpenAt reports whether the partner takes requests at t.
func (h Hours) OpenAt(t time.Time) bool {
	if h.Always && len(h.Days) == 0 {
		return true
	}
	loc, err := time.LoadLocation(h.Zone)
	if err != nil {
		return false
	}
	local := t.In(loc)
	day := local.Weekday()
	minute := local.Hour()*60 + local.Minute()
	open, _ := clock(h.Open)
	closing, _ := clock(h.Close)
	if !h.Always && closing <= open && minute < closing {
		day = (day + 6) % 7 // the small hours belong to the evening before's opening
	}
	if len(h.Days) > 0 && !h.onDay(day) {
		return false
	}
	switch {
	case h.Always:
		return true
	case open < closing:
		return minute >= open && minute < closing
	default:
		return minute >= open || minute < closing
	}
}

func (h Hours) onDay(d time.Weekday) bool {
	for _, s := range h.Days {
		if weekdays[s] == d {
			return true
		}
	}
	return false
}

// clock reads "HH:MM" as minutes after midnight.
func clock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("expected HH:MM, got %q", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}
