package coverage

import (
	"github.com/valetops/assistance/contract"
)

// Program is one assistance program loaded from a data file (programs/<id>.json).
// Every number and list of the terms lives here; the code only applies them.
// A nil pointer field means the program has no such rule.
type Program struct {
	ID       string `json:"id" required:"true"`   // the file name without .json; what vehicle.assistance.program names
	Name     string `json:"name" required:"true"` // human name, used in reasons
	Provider string `json:"provider"`             // the provider id that runs the program, for the record
	Source   string `json:"source"`               // where the terms come from
	// Handler is the kind of the program's own assistance (lessor,
	// manufacturer, insurer): a prior case counts toward a yearly limit only
	// when this assistance handled it (the program's benefit was used).
	Handler contract.Handler `json:"handler" required:"true"`
	// TradePlates is the program's rule on vehicles on red, trade, dealer or
	// export plates; nil: such plates change nothing.
	TradePlates *TradePlatesRule `json:"trade_plates,omitempty"`
	Zone        Zone             `json:"zone" required:"true"`     // where the program applies
	Validity    Validity         `json:"validity" required:"true"` // how long after delivery
	// Reporting is how soon the event must reach the assistance.
	Reporting Reporting `json:"reporting" required:"true"`
	// Roads says whether only public roads (and home) are served.
	Roads Roads `json:"roads" required:"true"`
	// Services are the basic services, in the order they are tried
	// (phone_help, on_site_repair, tow).
	Services []contract.Service `json:"services" required:"true"`
	// Tow says where a tow goes by default.
	Tow TowRule `json:"tow" required:"true"`
	// Usages are the vehicle restrictions by usage.
	Usages UsageRules `json:"usages" required:"true"`
	// Weight is the restriction of heavy vehicles; nil when none.
	Weight *WeightRule `json:"weight"`
	// Events are the excluded and limited natures of breakdown.
	Events Events `json:"events" required:"true"`
	// AdditionalServices are the services after a tow; nil when none.
	AdditionalServices *AdditionalServices `json:"additional_services"`
	// Ceilings are the contract's yearly number of interventions and amount
	// per intervention (the home-assistance company's terms, docs/glossary.md); nil when none.
	Ceilings *Ceilings `json:"ceilings,omitempty"`
}

// Catalog is the programs by id.
type Catalog map[string]*Program

// Zone is the coverage zone: ISO 3166-1 alpha-2 country codes, minus excluded
// areas. A report only gives location.country, so a territory with its own code
// (Greenland GL, Caribbean Netherlands BQ, ...) is simply left out of Countries;
// a territory that shares its country's code (the Azores, PT) needs Bounds.
type Zone struct {
	Clause        string         `json:"clause"`
	Countries     []string       `json:"countries" required:"true"`
	ExcludedAreas []ExcludedArea `json:"excluded_areas"`
	// CountsAs maps a territory with its own code to the country it counts
	// as, for the zone and for "abroad" (Åland: {"AX": "FI"}, Finland named
	// without exception).
	CountsAs map[string]string `json:"counts_as,omitempty"`
	// RegisteredInZone: only vehicles registered in the zone are covered
	// (BYD II "immatriculé ou vendu dans la Zone", VI "ré-immatriculé à
	// l'étranger"); RegistrationClause cites it. An unknown registration
	// country is not checked.
	RegisteredInZone   bool   `json:"registered_in_zone,omitempty"`
	RegistrationClause string `json:"registration_clause,omitempty"`
}

// TradePlatesRule excludes (or not) vehicles on red, trade, dealer or export
// plates (report vehicle.trade_plates).
type TradePlatesRule struct {
	Clause   string `json:"clause"`
	Excluded bool   `json:"excluded" required:"true"`
}

// ExcludedArea is a territory outside the zone. Without Bounds the whole
// country code is excluded; with Bounds only the box inside that country is.
type ExcludedArea struct {
	Name    string  `json:"name" required:"true"`
	Country string  `json:"country" required:"true"`
	Bounds  *Bounds `json:"bounds"`
}

// Bounds is a latitude/longitude box, in degrees (WGS 84), edges included.
type Bounds struct {
	MinLat float64 `json:"min_lat" required:"true"`
	MinLon float64 `json:"min_lon" required:"true"`
	MaxLat float64 `json:"max_lat" required:"true"`
	MaxLon float64 `json:"max_lon" required:"true"`
}

// Validity is how long the program lasts after delivery, in calendar months.
type Validity struct {
	Clause     string      `json:"clause"`
	Months     int         `json:"months" required:"true"`
	Extensions []Extension `json:"extensions"`
}

// Extension adds months to the validity when its condition holds.
type Extension struct {
	Months    int    `json:"months" required:"true"`
	Condition string `json:"condition" required:"true"` // one of Conditions()
	Why       string `json:"why"`
}

// ConditionMaintenanceFollowed holds when the report says the maintenance plan
// was followed (vehicle.maintenance_followed).
const ConditionMaintenanceFollowed = "maintenance_followed"

// Conditions lists the conditions an extension may name.
func Conditions() []string { return []string{ConditionMaintenanceFollowed} }

// Reporting is how late the event may reach the assistance: counted from the
// breakdown (at) to the moment the case informed the vehicle's own assistance
// (the report's reported_at, Input.InformedAt).
type Reporting struct {
	Clause           string `json:"clause"`
	ToleranceMinutes int    `json:"tolerance_minutes" required:"true"`
}

// Roads says where roadside help is given.
type Roads struct {
	Clause     string `json:"clause"`
	PublicOnly bool   `json:"public_only" required:"true"`
}

// TowRule is where a tow goes by default.
type TowRule struct {
	Clause      string `json:"clause"`
	Destination string `json:"destination" required:"true"`
}

// UsageRules restrict vehicles by usage. Aliases are compared by their
// canonical usage (contract.Usage.Canonical).
type UsageRules struct {
	Clause string `json:"clause"`
	// Excluded usages are not covered at all.
	Excluded []contract.Usage `json:"excluded"`
	// Restricted usages get RestrictedServices only, never additional services.
	Restricted         []contract.Usage   `json:"restricted"`
	RestrictedServices []contract.Service `json:"restricted_services"`
}

// WeightRule is the restriction of heavy vehicles: a vehicle heavier than
// MaxKg gets the basic services only, never additional services.
type WeightRule struct {
	Clause string  `json:"clause"`
	MaxKg  float64 `json:"max_kg" required:"true"`
}

// Events are the natures the program excludes or covers with limited benefits.
// Any other nature of a mechanical breakdown is an eligible breakdown.
type Events struct {
	ExcludedClause string            `json:"excluded_clause"`
	Excluded       []contract.Nature `json:"excluded"`
	LimitedClause  string            `json:"limited_clause"`
	Limited        []LimitedEvent    `json:"limited"`
}

// LimitedEvent is a nature covered with the basic services only.
type LimitedEvent struct {
	Nature contract.Nature `json:"nature" required:"true"`
	// TowDestination replaces the program's tow destination ("" keeps it).
	TowDestination string `json:"tow_destination"`
	// TowMaxKm caps the tow distance (0: not limited).
	TowMaxKm float64 `json:"tow_max_km"`
	// PerVINPerCalendarYear caps the events of this nature per VIN and
	// calendar year (0: no cap); the next one is not covered.
	PerVINPerCalendarYear int `json:"per_vin_per_calendar_year"`
}

// AdditionalServices are offered after a tow when the vehicle cannot be
// repaired the same day. A nil service is not part of the program.
type AdditionalServices struct {
	Clause string `json:"clause"`
	// OneChoiceOnly: only one of replacement vehicle, onward travel and hotel
	// may be chosen per case.
	OneChoiceOnly      bool                `json:"one_choice_only" required:"true"`
	ReplacementVehicle *ReplacementVehicle `json:"replacement_vehicle"`
	OnwardTravel       *OnwardTravel       `json:"onward_travel"`
	Hotel              *Hotel              `json:"hotel"`
	Transfer           *Transfer           `json:"transfer"`
	Repatriation       *Repatriation       `json:"repatriation"`
}

// ReplacementVehicle lasts WorkingDays working days of the breakdown country,
// counted from the day after the tow, or until repaired if that comes first.
type ReplacementVehicle struct {
	WorkingDays int `json:"working_days" required:"true"`
}

// OnwardTravel is offered more than MinHomeDistanceKm from home.
type OnwardTravel struct {
	MinHomeDistanceKm      float64 `json:"min_home_distance_km" required:"true"`
	MaxEURPerPerson        float64 `json:"max_eur_per_person" required:"true"`
	TrainClass             int     `json:"train_class" required:"true"`
	FlightIfTrainOverHours float64 `json:"flight_if_train_over_hours"` // 0: never a flight
}

// Hotel is offered more than MinHomeDistanceKm from home.
type Hotel struct {
	MinHomeDistanceKm       float64 `json:"min_home_distance_km" required:"true"`
	MaxNights               int     `json:"max_nights" required:"true"`
	MaxEURPerPersonPerNight float64 `json:"max_eur_per_person_per_night" required:"true"`
}

// Transfer costs are reimbursed on request up to MaxEUR per breakdown; never
// ordered by the saga.
type Transfer struct {
	MaxEUR float64 `json:"max_eur" required:"true"`
}

// Repatriation is due abroad when the repair takes more than
// RepairDaysOver days.
type Repatriation struct {
	RepairDaysOver int `json:"repair_days_over" required:"true"`
}
