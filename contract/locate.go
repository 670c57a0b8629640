package contract

import (
	"math"

	"github.com/valetops/assistance/contract/strictjson"
)

// Who gives the position of a vehicle reported without one.
const (
	LocatedByValet = "valet" // through the position link sent to the valet's phone
	LocatedByOps   = "ops"   // by hand, once the valet's window has passed
)

// ValetNoticePositionRequested is the notice sent to the valet with the
// position link, when a report has no coordinates (seed 001: "un sms
// comportant un lien. Lorsque vous cliquez dessus, vos coordonnées GPS sont
// envoyées à la centrale").
// It is the valet notice kind ValetPositionRequested.
const ValetNoticePositionRequested = ValetPositionRequested

// LocateRequest is the payload of the locate Update: the position of a vehicle
// reported without one, shared by the valet through the link or set by ops.
type LocateRequest struct {
	Lat float64 `json:"lat" required:"true"`
	Lon float64 `json:"lon" required:"true"`
	// AccuracyM is the phone's accuracy in metres, when it says.
	AccuracyM *float64 `json:"accuracy_m,omitempty"`
	Source    string   `json:"source" required:"true"`
}

// Validate refuses coordinates out of range, a negative accuracy and an unknown source.
func (l LocateRequest) Validate() error {
	var errs strictjson.FieldErrors
	checkLatitude(&errs, "lat", l.Lat)
	checkLongitude(&errs, "lon", l.Lon)
	if a := l.AccuracyM; a != nil && (*a < 0 || math.IsNaN(*a) || math.IsInf(*a, 0)) {
		errs.Add("accuracy_m", "must be a number of metres, 0 or more, got %v", *a)
	}
	if l.Source != LocatedByValet && l.Source != LocatedByOps {
		errs.Add("source", "unknown source %q; expected valet or ops", l.Source)
	}
	return errs.Err()
}
