package contract

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/valetops/assistance/contract/strictjson"
)

// DateLayout is the layout of calendar dates in a report, such as delivered_on.
const DateLayout = "2006-01-02"

// Report is the valet's breakdown report, as the valet's app sends it. Dates are
// kept as the strings that were sent; Validate checks them and the accessors
// parse them.
type Report struct {
	MissionID      string      `json:"mission_id" required:"true"`
	ClientID       string      `json:"client_id" required:"true"`
	ValetID        string      `json:"valet_id" required:"true"`
	At             string      `json:"at" required:"true"`
	Vehicle        Vehicle     `json:"vehicle" required:"true"`
	Location       Location    `json:"location" required:"true"`
	HomeDistanceKm float64     `json:"home_distance_km"`
	Symptoms       []string    `json:"symptoms" required:"true"`
	Drivable       bool        `json:"drivable" required:"true"`
	ReportedAt     string      `json:"reported_at,omitempty"`
	PriorCases     []PriorCase `json:"prior_cases,omitempty"`
	// Safety is what the valet declares about people and the vehicle (seed
	// 000 §1, "La sécurité … est toujours la priorité"); nil: nothing declared.
	Safety *Safety `json:"safety,omitempty" null:"refused"`
}

// Safety is what the valet declares, at the report, about people and the
// vehicle. A field left out is not declared.
type Safety struct {
	// Injured: someone is hurt (the valet, a passenger, a third party).
	Injured bool `json:"injured,omitempty"`
	// EmergencyCalled: the emergency services were called.
	EmergencyCalled bool `json:"emergency_called,omitempty"`
	// VehicleSecured: the vehicle is secured (hazard lights, warning
	// triangle, out of the traffic); nil: not declared.
	VehicleSecured *bool `json:"vehicle_secured,omitempty" null:"refused"`
}

// Secured reports whether the report says the vehicle is secured
// (safety.vehicle_secured: true); anything else is not saying so.
func (r Report) Secured() bool {
	return r.Safety != nil && r.Safety.VehicleSecured != nil && *r.Safety.VehicleSecured
}

// Vehicle is the conveyed vehicle.
type Vehicle struct {
	VIN                 string             `json:"vin" required:"true"`
	Plate               string             `json:"plate" required:"true"`
	Make                string             `json:"make" required:"true"`
	Model               string             `json:"model"`
	Energy              Energy             `json:"energy" required:"true"`
	Kind                VehicleKind        `json:"kind" required:"true"`
	WeightKg            float64            `json:"weight_kg"`
	Usage               Usage              `json:"usage"`
	DeliveredOn         string             `json:"delivered_on"`
	MaintenanceFollowed bool               `json:"maintenance_followed"`
	RegistrationCountry string             `json:"registration_country"`
	Assistance          *VehicleAssistance `json:"assistance"`
	// Warranty is the vehicle's warranty, beside its assistance; nil: none.
	Warranty *VehicleWarranty `json:"warranty,omitempty"`
	// OwnerID is the vehicle's owner or lessor, when it is not the client:
	// sent the case's report link when the case closes; empty: the client.
	OwnerID string `json:"owner_id,omitempty"`
	// TradePlates: the vehicle runs on red, trade, dealer or export plates
	// (W garage plates, WW, export plates) rather than its own registration.
	TradePlates bool `json:"trade_plates,omitempty"`
}

// VehicleAssistance is the vehicle's own assistance; nil when it has none.
type VehicleAssistance struct {
	Type     AssistanceType `json:"type" required:"true"`
	Provider string         `json:"provider" required:"true"`
	Program  string         `json:"program"`
}

// Location is where the vehicle stands. The coordinates may be missing when the
// valet cannot give them (seed 001: the case then sends a position link); the
// country is always known. Lat and Lon come together or not at all.
type Location struct {
	Lat        *float64 `json:"lat,omitempty" null:"refused"`
	Lon        *float64 `json:"lon,omitempty" null:"refused"`
	Country    string   `json:"country" required:"true"`
	PublicRoad bool     `json:"public_road"`
}

// HasPosition reports whether the location has its coordinates.
func (l Location) HasPosition() bool { return l.Lat != nil && l.Lon != nil }

// Position returns the coordinates; ok is false when they are unknown.
func (l Location) Position() (lat, lon float64, ok bool) {
	if !l.HasPosition() {
		return 0, 0, false
	}
	return *l.Lat, *l.Lon, true
}

// WithPosition returns the location with its coordinates set.
func (l Location) WithPosition(lat, lon float64) Location {
	l.Lat, l.Lon = &lat, &lon
	return l
}

// Describe is the location for a trace: coordinates and country, or the country
// alone when the position is not known yet.
func (l Location) Describe() string {
	if lat, lon, ok := l.Position(); ok {
		return fmt.Sprintf("%.4f,%.4f (%s)", lat, lon, l.Country)
	}
	return "an unknown position (" + l.Country + ")"
}

// PriorCase is an earlier case of the same vehicle, as our records hold it.
type PriorCase struct {
	At     string `json:"at" required:"true"`
	Nature Nature `json:"nature" required:"true"`
	// Origin and Handler say what the earlier case was, where the record says
	// it (a yearly limit counts only the cases in which the program's benefit
	// was used); empty: not known, and the case counts.
	Origin  Origin  `json:"origin,omitempty"`
	Handler Handler `json:"handler,omitempty"`
	// CaseID is the earlier case's ID when it comes from our own records, so
	// that a case given by the caller and found in the records counts once.
	CaseID string `json:"case_id,omitempty"`
}

var (
	idPattern      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	vinPattern     = regexp.MustCompile(`^[A-HJ-NPR-Z0-9]{17}$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	wordPattern    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
)

// ParseReport decodes and validates a report sent as JSON. Unknown fields, missing
// fields and wrong values are refused with a *strictjson.FieldError naming the field.
func ParseReport(data []byte) (Report, error) {
	var r Report
	if err := strictjson.Decode(data, &r); err != nil {
		return Report{}, err
	}
	if err := r.Validate(); err != nil {
		return Report{}, err
	}
	return r, nil
}

// Validate checks every field of the report and returns strictjson.FieldErrors listing each
// problem, or nil.
func (r Report) Validate() error {
	var errs strictjson.FieldErrors
	checkID(&errs, "mission_id", r.MissionID)
	checkID(&errs, "client_id", r.ClientID)
	checkID(&errs, "valet_id", r.ValetID)
	at, atOK := checkTimestamp(&errs, "at", r.At, true)
	r.Vehicle.validate(&errs, "vehicle", at, atOK)
	r.Location.validate(&errs, "location")
	if r.HomeDistanceKm < 0 || r.HomeDistanceKm > 40000 {
		errs.Add("home_distance_km", "must be between 0 and 40000, got %v", r.HomeDistanceKm)
	}
	if len(r.Symptoms) == 0 {
		errs.Add("symptoms", "must name at least one observed symptom")
	}
	for i, s := range r.Symptoms {
		if !wordPattern.MatchString(s) {
			errs.Add(indexed("symptoms", i), "must be a lower-case word such as no_start, got %q", s)
		}
	}
	if reported, ok := checkTimestamp(&errs, "reported_at", r.ReportedAt, false); ok && atOK && reported.Before(at) {
		errs.Add("reported_at", "must not be before at (%s)", r.At)
	}
	for i, p := range r.PriorCases {
		field := indexed("prior_cases", i)
		if t, ok := checkTimestamp(&errs, field+".at", p.At, true); ok && atOK && t.After(at) {
			errs.Add(field+".at", "must be before the breakdown (%s)", r.At)
		}
		if !p.Nature.Valid() {
			errs.Add(field+".nature", "unknown nature %q; expected one of %s", p.Nature, strings.Join(Natures(), ", "))
		}
		if p.Origin != "" && !p.Origin.Valid() {
			errs.Add(field+".origin", "unknown origin %q; expected one of %s", p.Origin, strings.Join(Origins(), ", "))
		}
		if p.Handler != "" && !p.Handler.Valid() {
			errs.Add(field+".handler", "unknown handler %q; expected one of %s", p.Handler, strings.Join(Handlers(), ", "))
		}
	}
	return errs.Err()
}

func (v Vehicle) validate(errs *strictjson.FieldErrors, prefix string, at time.Time, atOK bool) {
	if !vinPattern.MatchString(v.VIN) {
		errs.Add(strictjson.Path(prefix, "vin"), "must be 17 characters, capital letters (no I, O or Q) and digits, got %q", v.VIN)
	}
	if strings.TrimSpace(v.Plate) == "" || len(v.Plate) > 20 {
		errs.Add(strictjson.Path(prefix, "plate"), "must be a registration plate of 1 to 20 characters")
	}
	if strings.TrimSpace(v.Make) == "" {
		errs.Add(strictjson.Path(prefix, "make"), "is required")
	}
	if !v.Energy.Valid() {
		errs.Add(strictjson.Path(prefix, "energy"), "unknown energy %q; expected petrol, diesel, electric or hybrid", v.Energy)
	}
	if !v.Kind.Valid() {
		errs.Add(strictjson.Path(prefix, "kind"), "unknown vehicle kind %q; expected lease_return, new or used", v.Kind)
	}
	if v.WeightKg < 0 || v.WeightKg > 60000 {
		errs.Add(strictjson.Path(prefix, "weight_kg"), "must be between 0 and 60000, got %v", v.WeightKg)
	}
	if v.Usage != "" && !v.Usage.Valid() {
		errs.Add(strictjson.Path(prefix, "usage"), "unknown usage %q; expected one of %s", v.Usage, strings.Join(Usages(), ", "))
	}
	if v.DeliveredOn != "" {
		d, err := time.Parse(DateLayout, v.DeliveredOn)
		switch {
		case err != nil:
			errs.Add(strictjson.Path(prefix, "delivered_on"), "must be a date as YYYY-MM-DD, got %q", v.DeliveredOn)
		case atOK && d.After(at):
			errs.Add(strictjson.Path(prefix, "delivered_on"), "must not be after the breakdown")
		}
	}
	if v.RegistrationCountry != "" && !countryPattern.MatchString(v.RegistrationCountry) {
		errs.Add(strictjson.Path(prefix, "registration_country"), "must be an ISO 3166 two-letter code such as FR, got %q", v.RegistrationCountry)
	}
	if a := v.Assistance; a != nil {
		p := strictjson.Path(prefix, "assistance")
		if !a.Type.Valid() {
			errs.Add(strictjson.Path(p, "type"), "unknown assistance type %q; expected lessor, manufacturer or insurer (or assistance: null)", a.Type)
		}
		if !idPattern.MatchString(a.Provider) {
			errs.Add(strictjson.Path(p, "provider"), "must be a provider id such as byd-assistance, got %q", a.Provider)
		}
		if a.Program != "" && !idPattern.MatchString(a.Program) {
			errs.Add(strictjson.Path(p, "program"), "must be a program id such as byd-eu, got %q", a.Program)
		}
	}
	v.Warranty.validate(errs, strictjson.Path(prefix, "warranty"))
	if v.OwnerID != "" && !idPattern.MatchString(v.OwnerID) {
		errs.Add(strictjson.Path(prefix, "owner_id"), "must be an owner id such as C-LEASECO (1 to 64 letters, digits, '.', '_' or '-'), got %q", v.OwnerID)
	}
}

func (l Location) validate(errs *strictjson.FieldErrors, prefix string) {
	switch {
	case l.Lat == nil && l.Lon != nil:
		errs.Add(strictjson.Path(prefix, "lat"), "is required with lon (give both coordinates, or neither when the position is unknown)")
	case l.Lat != nil && l.Lon == nil:
		errs.Add(strictjson.Path(prefix, "lon"), "is required with lat (give both coordinates, or neither when the position is unknown)")
	}
	if l.Lat != nil {
		checkLatitude(errs, strictjson.Path(prefix, "lat"), *l.Lat)
	}
	if l.Lon != nil {
		checkLongitude(errs, strictjson.Path(prefix, "lon"), *l.Lon)
	}
	if !countryPattern.MatchString(l.Country) {
		errs.Add(strictjson.Path(prefix, "country"), "must be an ISO 3166 two-letter code such as FR, got %q", l.Country)
	}
}

func checkLatitude(errs *strictjson.FieldErrors, field string, lat float64) {
	if !(lat >= -90 && lat <= 90) {
		errs.Add(field, "latitude must be between -90 and 90, got %v", lat)
	}
}

func checkLongitude(errs *strictjson.FieldErrors, field string, lon float64) {
	if !(lon >= -180 && lon <= 180) {
		errs.Add(field, "longitude must be between -180 and 180, got %v", lon)
	}
}

func checkID(errs *strictjson.FieldErrors, field, v string) {
	if !idPattern.MatchString(v) {
		errs.Add(field, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got %q", v)
	}
}

// checkTimestamp parses an RFC 3339 timestamp; an empty optional one is fine.
func checkTimestamp(errs *strictjson.FieldErrors, field, v string, required bool) (time.Time, bool) {
	if v == "" {
		if required {
			errs.Add(field, "is required (RFC 3339, such as 2026-03-10T08:15:00Z)")
		}
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		errs.Add(field, "must be an RFC 3339 timestamp such as 2026-03-10T08:15:00Z, got %q", v)
		return time.Time{}, false
	}
	return t, true
}

func indexed(field string, i int) string {
	return fmt.Sprintf("%s[%d]", field, i)
}

// BrokeDownAt is when the breakdown happened. The report must be valid.
func (r Report) BrokeDownAt() time.Time {
	t, _ := time.Parse(time.RFC3339, r.At)
	return t
}

// ReachedAssistanceAt is when the case reached the assistance: reported_at, or at.
func (r Report) ReachedAssistanceAt() time.Time {
	if r.ReportedAt != "" {
		if t, err := time.Parse(time.RFC3339, r.ReportedAt); err == nil {
			return t
		}
	}
	return r.BrokeDownAt()
}

// Abroad reports whether the vehicle broke down outside its registration country.
func (r Report) Abroad() bool {
	return r.Vehicle.RegistrationCountry != "" && r.Location.Country != r.Vehicle.RegistrationCountry
}

// HasOwnAssistance reports whether the vehicle comes with an assistance of its own.
func (v Vehicle) HasOwnAssistance() bool { return v.Assistance != nil }
