package network

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// Model is the network's data file: the providers, a profile for any provider
// it does not list, and the hours when a provider is down. Every field is
// described in docs/network.md.
type Model struct {
	// Description says what the file models, for its readers.
	Description string `json:"description,omitempty"`
	// Providers are the listed providers, each with its own fleet.
	Providers []Provider `json:"providers"`
	// OtherProviders plays any provider id the file does not list (a
	// newcomer's own vehicle assistance); absent: such a provider is
	// unreachable.
	OtherProviders *Profile `json:"other_providers,omitempty"`
	// Outages are the hours when a provider is saturated or unreachable
	// whatever its trucks, every day.
	Outages []Outage `json:"outages,omitempty"`
}

// Provider is one assistance provider: its id as the cases name it, and its
// profile.
type Provider struct {
	// ID is the provider id of the cases (report.vehicle.assistance.provider,
	// or res-assistance for the operator's partner).
	ID string `json:"id"`
	Profile
}

// Profile is how one provider works.
type Profile struct {
	// Name is for people.
	Name string `json:"name,omitempty"`
	// Role is what the provider is to the cases: partner, lessor,
	// manufacturer, insurer or other (informative).
	Role string `json:"role,omitempty"`
	// Depots are where its trucks wait.
	Depots []Depot `json:"depots"`
	// ReachKm is how far (straight line) from its nearest depot it goes;
	// further away a case is refused, reason out_of_area.
	ReachKm float64 `json:"reach_km"`
	// SpeedKmh is the trucks' average speed on the road.
	SpeedKmh float64 `json:"speed_kmh"`
	// RoadFactor is road kilometres per straight-line kilometre (at least 1).
	RoadFactor float64 `json:"road_factor"`
	// Turnout is the time from the acceptance to the truck leaving its depot.
	Turnout Span `json:"turnout"`
	// Answer is how the provider answers an order.
	Answer Answer `json:"answer"`
	// AcceptShare is the share of the orders it could serve that it accepts
	// (0 to 1); the others are refused with one of RejectReasons.
	AcceptShare float64 `json:"accept_share"`
	// RejectReasons are the reasons of its refusals, drawn evenly.
	RejectReasons []string `json:"reject_reasons"`
	// BusyRetry bounds the retry-after of a busy answer: the time until its
	// first truck is back, at least Min, at most Max.
	BusyRetry Span `json:"busy_retry"`
	// MaxWeightKg: heavier vehicles are refused (reason vehicle_too_heavy); 0:
	// no limit.
	MaxWeightKg float64 `json:"max_weight_kg,omitempty"`
	// TowShare is the share of the cases it tows rather than repairs on site
	// when the order leaves it the choice (service assistance).
	TowShare float64 `json:"tow_share"`
	// TowShareByNature overrides TowShare for a nature of breakdown.
	TowShareByNature map[string]float64 `json:"tow_share_by_nature,omitempty"`
	// Repair is the on-site repair.
	Repair Repair `json:"repair"`
	// Tow is the tow.
	Tow Tow `json:"tow"`
	// Late is how often and by how much a truck arrives after its promise.
	Late Late `json:"late"`
	// Quotes are the paid options it quotes, in this order; none: it cannot
	// quote.
	Quotes []Price `json:"quotes,omitempty"`
}

// Depot is a place with trucks.
type Depot struct {
	Name   string  `json:"name"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Trucks int     `json:"trucks"`
}

// Answer is how a provider answers an order.
type Answer struct {
	// Mode is at_once (the order's answer says accepted, rejected or busy) or
	// acknowledge (the order is acknowledged at once; the acceptance or refusal
	// comes later by webhook, after Delay).
	Mode string `json:"mode"`
	// Delay is the time to the answer, in acknowledge mode.
	Delay Span `json:"delay,omitempty"`
	// SilentShare is the share of acknowledged orders never answered (the
	// offer expires at the case), in acknowledge mode.
	SilentShare float64 `json:"silent_share,omitempty"`
}

// The answering modes.
const (
	AnswerAtOnce      = "at_once"
	AnswerAcknowledge = "acknowledge"
)

// Repair is the on-site repair.
type Repair struct {
	// Duration is the time on site until repaired.
	Duration Span `json:"duration"`
	// FailShare is the share of repairs that fail (unsuccessful) and end in a
	// tow; never when the client approved an on-site repair only.
	FailShare float64 `json:"fail_share,omitempty"`
}

// Tow is the tow.
type Tow struct {
	// Hookup is the time on site before leaving with the vehicle.
	Hookup Span `json:"hookup"`
	// DistanceKm is the road distance to the destination.
	DistanceKm KmSpan `json:"distance_km"`
	// Destination is where the vehicle goes, unless the order says (tow_to) or
	// DestinationByPayer names one for the order's payer.
	Destination string `json:"destination"`
	// DestinationByPayer maps a payer (operator, client, ...) to a destination.
	DestinationByPayer map[string]string `json:"destination_by_payer,omitempty"`
	// RepairDays is the receiving repairer's estimate, drawn evenly.
	RepairDays DaySpan `json:"repair_days"`
	// SeatShare is the share of trucks with a seat for the valet; absent: the
	// towed event says nothing about seats.
	SeatShare *float64 `json:"seat_share,omitempty"`
}

// Late is the late arrivals.
type Late struct {
	// Share is the share of accepted assignments that arrive late.
	Share float64 `json:"share"`
	// Extra is how much after the promise a late truck arrives.
	Extra Span `json:"extra,omitempty"`
	// AnnounceShare is the share of late trucks that announce a new ETA (an
	// eta event, once) before their promise runs out.
	AnnounceShare float64 `json:"announce_share,omitempty"`
}

// Price is a paid option: a base price plus a price per road kilometre from
// the nearest depot.
type Price struct {
	Option   string  `json:"option"`
	BaseEUR  float64 `json:"base_eur"`
	PerKmEUR float64 `json:"per_km_eur,omitempty"`
}

// Outage is a daily window (UTC, HH:MM) when a provider answers busy or is
// unreachable whatever its trucks. From after To spans midnight.
type Outage struct {
	Provider string `json:"provider"`
	From     string `json:"from"`
	To       string `json:"to"`
	// Answer is busy or unreachable.
	Answer string `json:"answer"`
}

// Span is a range of durations, drawn evenly.
type Span struct {
	Min Duration `json:"min"`
	Max Duration `json:"max"`
}

// KmSpan is a range of kilometres, drawn evenly.
type KmSpan struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// DaySpan is a range of whole days, drawn evenly.
type DaySpan struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Duration is a time.Duration written as a Go duration string ("90s", "5m").
type Duration time.Duration

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration is a string such as \"5m\" or \"90s\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration such as \"5m\" or \"90s\"", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes a duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// Parse decodes a model strictly (unknown fields refused) and validates it;
// the error names the field, e.g. "providers[2].depots[0].trucks: must be at
// least 1".
func Parse(data []byte) (*Model, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("network model: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("network model: %w", err)
	}
	return &m, nil
}

// Load reads and parses a model file.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Provider returns the profile playing a provider id: its own, the
// other_providers one, or false.
func (m *Model) Provider(id string) (*Profile, bool) {
	for i := range m.Providers {
		if m.Providers[i].ID == id {
			return &m.Providers[i].Profile, true
		}
	}
	if m.OtherProviders != nil {
		return m.OtherProviders, true
	}
	return nil, false
}

// Validate checks every field and returns strictjson.FieldErrors naming each
// wrong one.
func (m *Model) Validate() error {
	var errs strictjson.FieldErrors
	add := errs.Add
	if len(m.Providers) == 0 && m.OtherProviders == nil {
		add("providers", "no provider and no other_providers: nothing to play")
	}
	seen := map[string]bool{}
	for i, p := range m.Providers {
		at := fmt.Sprintf("providers[%d]", i)
		switch {
		case strings.TrimSpace(p.ID) == "":
			add(at+".id", "is required")
		case seen[p.ID]:
			add(at+".id", "%q is listed twice", p.ID)
		}
		seen[p.ID] = true
		p.Profile.validate(at, add)
	}
	if m.OtherProviders != nil {
		m.OtherProviders.validate("other_providers", add)
	}
	for i, o := range m.Outages {
		at := fmt.Sprintf("outages[%d]", i)
		if o.Provider == "" {
			add(at+".provider", "is required")
		}
		for _, f := range []struct{ name, v string }{{"from", o.From}, {"to", o.To}} {
			if _, err := clockMinutes(f.v); err != nil {
				add(at+"."+f.name, "%v", err)
			}
		}
		if o.Answer != "busy" && o.Answer != "unreachable" {
			add(at+".answer", "%q: expected busy or unreachable", o.Answer)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// validate checks a profile; at is its JSON path.
func (p *Profile) validate(at string, add func(field, format string, args ...any)) {
	if len(p.Depots) == 0 {
		add(at+".depots", "at least one depot is required")
	}
	for i, d := range p.Depots {
		dat := fmt.Sprintf("%s.depots[%d]", at, i)
		if d.Lat < -90 || d.Lat > 90 {
			add(dat+".lat", "%v is out of range (-90 to 90)", d.Lat)
		}
		if d.Lon < -180 || d.Lon > 180 {
			add(dat+".lon", "%v is out of range (-180 to 180)", d.Lon)
		}
		if d.Trucks < 1 {
			add(dat+".trucks", "must be at least 1")
		}
	}
	positive := func(field string, v float64) {
		if v <= 0 {
			add(at+"."+field, "must be positive")
		}
	}
	positive("reach_km", p.ReachKm)
	positive("speed_kmh", p.SpeedKmh)
	if p.RoadFactor < 1 {
		add(at+".road_factor", "must be at least 1 (road km per straight-line km)")
	}
	share := func(field string, v float64) {
		if v < 0 || v > 1 {
			add(at+"."+field, "%v is not a share between 0 and 1", v)
		}
	}
	span := func(field string, s Span, required bool) {
		if s.Min < 0 || s.Max < s.Min {
			add(at+"."+field, "min %s and max %s: expected 0 ≤ min ≤ max", time.Duration(s.Min), time.Duration(s.Max))
		}
		if required && s.Max <= 0 {
			add(at+"."+field+".max", "must be positive")
		}
	}
	span("turnout", p.Turnout, false)
	switch p.Answer.Mode {
	case AnswerAtOnce:
	case AnswerAcknowledge:
		span("answer.delay", p.Answer.Delay, false)
		share("answer.silent_share", p.Answer.SilentShare)
	default:
		add(at+".answer.mode", "%q: expected %s or %s", p.Answer.Mode, AnswerAtOnce, AnswerAcknowledge)
	}
	share("accept_share", p.AcceptShare)
	if p.AcceptShare < 1 && len(p.RejectReasons) == 0 {
		add(at+".reject_reasons", "at least one reason is required when accept_share is below 1")
	}
	span("busy_retry", p.BusyRetry, true)
	if p.MaxWeightKg < 0 {
		add(at+".max_weight_kg", "must not be negative")
	}
	share("tow_share", p.TowShare)
	for n, v := range p.TowShareByNature {
		if !contract.Nature(n).Valid() {
			add(at+".tow_share_by_nature."+n, "unknown nature; expected one of %s", strings.Join(contract.Natures(), ", "))
		}
		share("tow_share_by_nature."+n, v)
	}
	span("repair.duration", p.Repair.Duration, true)
	share("repair.fail_share", p.Repair.FailShare)
	span("tow.hookup", p.Tow.Hookup, false)
	if p.Tow.DistanceKm.Min < 0 || p.Tow.DistanceKm.Max < p.Tow.DistanceKm.Min {
		add(at+".tow.distance_km", "expected 0 ≤ min ≤ max")
	}
	if p.Tow.Destination == "" {
		add(at+".tow.destination", "is required")
	}
	if p.Tow.RepairDays.Min < 0 || p.Tow.RepairDays.Max < p.Tow.RepairDays.Min {
		add(at+".tow.repair_days", "expected 0 ≤ min ≤ max")
	}
	if p.Tow.SeatShare != nil {
		share("tow.seat_share", *p.Tow.SeatShare)
	}
	share("late.share", p.Late.Share)
	span("late.extra", p.Late.Extra, p.Late.Share > 0)
	share("late.announce_share", p.Late.AnnounceShare)
	options := map[string]bool{}
	for i, q := range p.Quotes {
		qat := fmt.Sprintf("%s.quotes[%d]", at, i)
		switch {
		case q.Option == "":
			add(qat+".option", "is required")
		case options[q.Option]:
			add(qat+".option", "%q is quoted twice", q.Option)
		}
		options[q.Option] = true
		if q.BaseEUR < 0 || q.PerKmEUR < 0 {
			add(qat, "prices must not be negative")
		}
	}
}

// clockMinutes reads "HH:MM" as minutes after midnight.
func clockMinutes(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}
