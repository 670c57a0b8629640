package scenario

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// check validates what the decoder cannot: offsets, scripts, vocabularies and
// the keys of expect.
func (s *Scenario) check() error {
	var errs strictjson.FieldErrors
	add := errs.Add
	if s.Ops != nil && s.Ops.Qualify != nil {
		q := s.Ops.Qualify
		if d, err := ParseOffset(q.RawAfter); err != nil {
			add("ops.qualify.after", "%v", err)
		} else {
			q.After = Offset(d)
		}
		if err := (contract.QualifyRequest{Origin: q.Origin, Nature: q.Nature}).Validate(); err != nil {
			errs = append(errs, prefixed("ops.qualify", err).(strictjson.FieldErrors)...)
		}
	}
	if s.Client != nil && s.Client.Notices != "" && s.Client.Notices != NoticesUnreachable {
		add("client.notices", "unknown answer %q; expected %q (or leave it out: the endpoint takes every notice)", s.Client.Notices, NoticesUnreachable)
	}
	if s.Client != nil && s.Client.Decide != nil {
		d := s.Client.Decide
		if off, err := ParseOffset(d.RawAfter); err != nil {
			add("client.decide.after", "%v", err)
		} else {
			d.After = Offset(off)
		}
		if (d.Choose == "") == !d.Decline {
			add("client.decide", "give either choose: OPTION or decline: true")
		}
	}
	if b := s.Beneficiary; b != nil {
		var one contract.Service
		if err := json.Unmarshal(b.RawChoose, &one); err == nil {
			b.Choose = []contract.Service{one}
		} else if err := json.Unmarshal(b.RawChoose, &b.Choose); err != nil {
			add("beneficiary.choose", "must be a service or a list of services")
		}
		for _, c := range b.Choose {
			if !c.Valid() {
				add("beneficiary.choose", "unknown service %q; expected replacement_vehicle, onward_travel, hotel or another service of FORMAT.md", c)
			}
		}
	}
	names := make([]string, 0, len(s.Providers))
	for name := range s.Providers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if s.Providers[name] == nil {
			add("providers."+name, "must be an object")
			continue
		}
		if err := s.Providers[name].parse("providers." + name); err != nil {
			errs = append(errs, err.(strictjson.FieldErrors)...)
		}
	}
	errs = append(errs, s.checkWarranty()...)
	errs = append(errs, s.checkValet()...)
	errs = append(errs, checkExpect(s.Expect)...)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// expectKinds says how each key of expect is compared.
var expectKinds = map[string]string{
	"origin": "string", "nature": "string", "handler": "string", "fallback": "bool", "payer": "string",
	"liability": "string", "approval": "string", "services": "set", "tow_destination": "string",
	"mission": "string", "client_notified": "contains", "coverage": "string", "entitlements": "set",
	"replacement_vehicle_until": "string", "qualified_by": "string", "cancelled": "bool", "drivable": "bool",
	"provider": "string", "eta_breached": "bool", "warranty": "string", "event_number": "present",
	// third round
	"ops_alerted": "contains", "valet_notified": "contains", "approval_reason": "string",
	"service_providers": "map", "event_number_before_tow": "bool", "assistance_informed_at_report": "bool",
}

func checkExpect(expect map[string]json.RawMessage) strictjson.FieldErrors {
	var errs strictjson.FieldErrors
	keys := make([]string, 0, len(expect))
	for k := range expect {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kind, ok := expectKinds[k]
		field := "expect." + k
		if !ok {
			known := make([]string, 0, len(expectKinds))
			for k := range expectKinds {
				known = append(known, k)
			}
			sort.Strings(known)
			errs = append(errs, &strictjson.FieldError{Field: field, Reason: "unknown key; expected one of " + strings.Join(known, ", ")})
			continue
		}
		var err error
		switch kind {
		case "string":
			var s string
			err = json.Unmarshal(expect[k], &s)
		case "bool", "present":
			var b bool
			err = json.Unmarshal(expect[k], &b)
		case "map":
			var m map[string]string
			err = json.Unmarshal(expect[k], &m)
		default:
			var l []string
			err = json.Unmarshal(expect[k], &l)
		}
		if err != nil {
			errs = append(errs, &strictjson.FieldError{
				Field:  field,
				Reason: "must be a JSON " + map[string]string{"string": "string", "bool": "boolean", "present": "boolean", "set": "list of strings", "contains": "list of strings", "map": "object of strings"}[kind],
			})
		}
	}
	return errs
}
