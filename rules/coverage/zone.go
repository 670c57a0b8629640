package coverage

import (
	"fmt"
	"slices"

	"github.com/valetops/assistance/contract"

	"github.com/paulmach/orb"
)

// bound is the box as an orb.Bound (points are longitude, latitude).
func (b Bounds) bound() orb.Bound {
	return orb.Bound{Min: orb.Point{b.MinLon, b.MinLat}, Max: orb.Point{b.MaxLon, b.MaxLat}}
}

// Contains reports whether the location lies in the area: same country code,
// and inside the bounds when the area has some. A location whose position is
// not known yet is not in an area with bounds (the case waits for the position
// before it evaluates coverage; see docs/saga.md).
func (a ExcludedArea) Contains(loc contract.Location) bool {
	if loc.Country != a.Country {
		return false
	}
	if a.Bounds == nil {
		return true
	}
	lat, lon, ok := loc.Position()
	return ok && a.Bounds.bound().Contains(orb.Point{lon, lat})
}

// Covers reports whether the location is in the zone, and if not, why.
// Excluded areas are checked first, then the list of countries.
func (z Zone) Covers(loc contract.Location) (bool, string) {
	for _, a := range z.ExcludedAreas {
		if a.Contains(loc) {
			if a.Bounds == nil {
				return false, fmt.Sprintf("%s (%s) is excluded from the coverage zone", a.Name, a.Country)
			}
			lat, lon, _ := loc.Position()
			return false, fmt.Sprintf("the location (%.4f, %.4f) is in %s (%s), excluded from the coverage zone",
				lat, lon, a.Name, a.Country)
		}
	}
	country := z.Country(loc.Country)
	if !slices.Contains(z.Countries, country) {
		return false, fmt.Sprintf("%s is outside the coverage zone", loc.Country)
	}
	if country != loc.Country {
		return true, fmt.Sprintf("%s counts as %s, in the coverage zone", loc.Country, country)
	}
	return true, fmt.Sprintf("%s is in the coverage zone", loc.Country)
}

// Country is the country a code counts as for the zone and for "abroad"
// (CountsAs: Åland counts as Finland), or the code itself.
func (z Zone) Country(code string) string {
	if c, ok := z.CountsAs[code]; ok {
		return c
	}
	return code
}

// Abroad reports whether the vehicle broke down outside its registration
// country, the codes read as the zone counts them (a Finnish car in Åland
// is at home). An unknown registration country is never abroad.
func (z Zone) Abroad(r contract.Report) bool {
	reg := r.Vehicle.RegistrationCountry
	return reg != "" && z.Country(r.Location.Country) != z.Country(reg)
}

// Registered reports whether a vehicle registered in country is a vehicle of
// the program, and if not, why: only when the zone says so, and only for a
// known registration country (checked against the list and its CountsAs;
// excluded areas are places, not registrations).
func (z Zone) Registered(country string) (bool, string) {
	if !z.RegisteredInZone || country == "" {
		return true, ""
	}
	if !slices.Contains(z.Countries, z.Country(country)) {
		return false, fmt.Sprintf("the vehicle is registered in %s, outside the coverage zone: it is not a vehicle of the program", country)
	}
	return true, ""
}
