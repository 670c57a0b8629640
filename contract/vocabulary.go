package contract

import "sort"

// Energy is what the vehicle runs on.
type Energy string

// The energies a report may name.
const (
	EnergyPetrol   Energy = "petrol"
	EnergyDiesel   Energy = "diesel"
	EnergyElectric Energy = "electric"
	EnergyHybrid   Energy = "hybrid"
)

// VehicleKind is what the mission does with the vehicle; it decides whose
// assistance a mechanical breakdown goes to.
type VehicleKind string

// The vehicle kinds of the conveying operator's procedure (docs/glossary.md).
const (
	KindLeaseReturn VehicleKind = "lease_return" // restitution LLD: the lessor's assistance
	KindNew         VehicleKind = "new"          // véhicule neuf: the manufacturer's assistance
	KindUsed        VehicleKind = "used"         // véhicule d'occasion: the insurer's assistance
)

// AssistanceType is who provides the vehicle's own assistance.
type AssistanceType string

// The vehicle's own assistance, by who provides it.
const (
	AssistanceLessor       AssistanceType = "lessor"
	AssistanceManufacturer AssistanceType = "manufacturer"
	AssistanceInsurer      AssistanceType = "insurer"
)

// Usage is what the vehicle is used for; some programs restrict by usage (the manufacturer's terms, docs/glossary.md).
type Usage string

// The usages a report may name.
const (
	UsagePrivate             Usage = "private"
	UsageCompany             Usage = "company"
	UsageRental              Usage = "rental"
	UsageTaxi                Usage = "taxi"
	UsageDrivingSchool       Usage = "driving_school"
	UsagePolice              Usage = "police"
	UsageFire                Usage = "fire"
	UsageAmbulance           Usage = "ambulance"
	UsagePostal              Usage = "postal"
	UsagePassengerTransport  Usage = "passenger_transport"
	UsageExpressDelivery     Usage = "express_delivery"
	usageAliasCommercialPax  Usage = "commercial_passenger_transport"
	usageAliasRideHailing    Usage = "ride_hailing"
	usageAliasFireService    Usage = "fire_service"
	usageAliasDelivery       Usage = "delivery"
	usageAliasCarRental      Usage = "car_rental"
	usageAliasCommercialPax2 Usage = "commercial_transport"
)

// Canonical maps an alias to the usage it stands for.
func (u Usage) Canonical() Usage {
	switch u {
	case usageAliasCommercialPax, usageAliasRideHailing, usageAliasCommercialPax2:
		return UsagePassengerTransport
	case usageAliasFireService:
		return UsageFire
	case usageAliasDelivery:
		return UsageExpressDelivery
	case usageAliasCarRental:
		return UsageRental
	}
	return u
}

// Origin is where a breakdown comes from; it decides who handles and who pays.
type Origin string

// The three origins of the conveying operator's procedure (docs/glossary.md).
const (
	OriginValetError    Origin = "valet_error"    // e.g. wrong fuel: the mission stops
	OriginOperatorFault Origin = "operator_fault" // e.g. a puncture during the mission
	OriginMechanical    Origin = "mechanical"     // wear, unforeseeable failure
)

// Nature is what broke. The list follows the source documents (docs/glossary.md): the mechanical natures, the
// program's limited benefits and its non-eligible events.
type Nature string

// The natures of a breakdown.
const (
	NatureEngine              Nature = "engine"
	NatureElectrical          Nature = "electrical"
	NatureTransmission        Nature = "transmission"
	NatureBrakes              Nature = "brakes"
	NatureCooling             Nature = "cooling"
	NatureSteering            Nature = "steering"
	NatureSuspension          Nature = "suspension"
	NatureWarningLight        Nature = "warning_light"
	NatureBattery12V          Nature = "battery_12v"
	NatureHVBatteryDischarged Nature = "hv_battery_discharged"
	NatureHeadlights          Nature = "headlights"
	NatureSeatBelts           Nature = "seat_belts"
	NatureAccident            Nature = "accident"
	NatureAttemptedTheft      Nature = "attempted_theft"
	NatureFire                Nature = "fire"
	NatureVandalism           Nature = "vandalism"
	NatureFlatTyre            Nature = "flat_tyre"
	NatureWrongFuel           Nature = "wrong_fuel"
	NatureFuelOutage          Nature = "fuel_outage"
	NatureKeys                Nature = "keys"
	NatureWindscreen          Nature = "windscreen"
	NatureWipers              Nature = "wipers"
	NatureAirConditioning     Nature = "air_conditioning"
	NatureAlarm               Nature = "alarm"
	NatureBrakeFluid          Nature = "brake_fluid"
	NatureChargingCard        Nature = "charging_card"
	NatureWaterIngress        Nature = "water_ingress"
	NatureOther               Nature = "other"
)

// The natures of the events seed 002 section VI excludes besides those above
// (DOMAIN.md, "Every event VI excludes has a nature").
const (
	// NatureMartenBite: "Morsures de martre" (chewed cables, hoses).
	NatureMartenBite Nature = "marten_bite"
	// NatureSnowChains: "Absence de chaînes antidérapantes", "Chaînes
	// antidérapantes cassées" (the road's state stops the journey).
	NatureSnowChains Nature = "snow_chains"
	// NatureFluids: "Problèmes avec des produits (par ex. huile, AdBlue,
	// liquide de refroidissement)": a level to top up; a leak stays mechanical.
	NatureFluids Nature = "fluids"
	// NaturePowerSteeringFluid: "Huile de direction assistée".
	NaturePowerSteeringFluid Nature = "power_steering_fluid"
	// NatureWindows: "Bris de fenêtres panoramiques, de toit ou latérales".
	NatureWindows Nature = "windows"
	// NatureWindowOpen: "Fenêtre latérale ouverte en cas d'intempéries".
	NatureWindowOpen Nature = "window_open"
	// NatureLocks: "Serrure bloquée / dysfonctionnement du verrouillage à distance".
	NatureLocks Nature = "locks"
	// NatureCannotSwitchOff: "Les composants électriques (par ex. radio,
	// phares) ne peuvent pas être éteints".
	NatureCannotSwitchOff Nature = "cannot_switch_off"
)

var (
	energies = set(EnergyPetrol, EnergyDiesel, EnergyElectric, EnergyHybrid)
	kinds    = set(KindLeaseReturn, KindNew, KindUsed)
	assists  = set(AssistanceLessor, AssistanceManufacturer, AssistanceInsurer)
	usages   = set(UsagePrivate, UsageCompany, UsageRental, UsageTaxi, UsageDrivingSchool, UsagePolice,
		UsageFire, UsageAmbulance, UsagePostal, UsagePassengerTransport, UsageExpressDelivery,
		usageAliasCommercialPax, usageAliasRideHailing, usageAliasFireService, usageAliasDelivery,
		usageAliasCarRental, usageAliasCommercialPax2)
	origins = set(OriginValetError, OriginOperatorFault, OriginMechanical)
	natures = set(NatureEngine, NatureElectrical, NatureTransmission, NatureBrakes, NatureCooling,
		NatureSteering, NatureSuspension, NatureWarningLight, NatureBattery12V, NatureHVBatteryDischarged,
		NatureHeadlights, NatureSeatBelts, NatureAccident, NatureAttemptedTheft, NatureFire, NatureVandalism,
		NatureFlatTyre, NatureWrongFuel, NatureFuelOutage, NatureKeys, NatureWindscreen, NatureWipers,
		NatureAirConditioning, NatureAlarm, NatureBrakeFluid, NatureChargingCard, NatureWaterIngress, NatureOther,
		NatureMartenBite, NatureSnowChains, NatureFluids, NaturePowerSteeringFluid, NatureWindows, NatureWindowOpen,
		NatureLocks, NatureCannotSwitchOff)
)

// Valid reports whether e is a known energy.
func (e Energy) Valid() bool { return energies[e] }

// Valid reports whether k is a known vehicle kind.
func (k VehicleKind) Valid() bool { return kinds[k] }

// Valid reports whether a is a known assistance type.
func (a AssistanceType) Valid() bool { return assists[a] }

// Valid reports whether u is a known usage (aliases included).
func (u Usage) Valid() bool { return usages[u] }

// Valid reports whether o is one of the three origins.
func (o Origin) Valid() bool { return origins[o] }

// Valid reports whether n is a known nature.
func (n Nature) Valid() bool { return natures[n] }

// The sorted lists, made once: a workflow's validators name them without
// iterating over a map.
var (
	originList = keys(origins)
	natureList = keys(natures)
	usageList  = keys(usages)
)

// Origins lists the origins, sorted.
func Origins() []string { return append([]string(nil), originList...) }

// Natures lists the natures, sorted.
func Natures() []string { return append([]string(nil), natureList...) }

// Usages lists the usages a report may name, sorted.
func Usages() []string { return append([]string(nil), usageList...) }

func set[T comparable](vs ...T) map[T]bool {
	m := make(map[T]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func keys[T ~string](m map[T]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}
