package scenario

import (
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/contract/strictjson"
)

// Valet is what the valet does besides reporting: open the position link of a
// report without coordinates and share the phone's position.
type Valet struct {
	Position *ValetPosition `json:"position"`
}

// ValetPosition is the position the valet shares, After the report.
type ValetPosition struct {
	After     Offset   `json:"-"`
	RawAfter  string   `json:"after" required:"true"`
	Lat       float64  `json:"lat" required:"true"`
	Lon       float64  `json:"lon" required:"true"`
	AccuracyM *float64 `json:"accuracy_m"`
}

// Locate is the locate Update the valet's phone sends.
func (p *ValetPosition) Locate() contract.LocateRequest {
	return contract.LocateRequest{Lat: p.Lat, Lon: p.Lon, AccuracyM: p.AccuracyM, Source: contract.LocatedByValet}
}

// checkValet validates the valet's part of the script.
func (s *Scenario) checkValet() strictjson.FieldErrors {
	if s.Valet == nil || s.Valet.Position == nil {
		return nil
	}
	p := s.Valet.Position
	var errs strictjson.FieldErrors
	if d, err := ParseOffset(p.RawAfter); err != nil {
		errs = append(errs, &strictjson.FieldError{Field: "valet.position.after", Reason: err.Error()})
	} else {
		p.After = Offset(d)
	}
	if err := p.Locate().Validate(); err != nil {
		errs = append(errs, prefixed("valet.position", err).(strictjson.FieldErrors)...)
	}
	if s.Report.Location.HasPosition() {
		errs = append(errs, &strictjson.FieldError{
			Field:  "valet.position",
			Reason: "the report already has a position: the valet is sent no position link",
		})
	}
	return errs
}
