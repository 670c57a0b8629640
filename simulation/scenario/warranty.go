package scenario

import (
	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/contract/strictjson"
)

// Repairer is what the repairer that received the vehicle does (the warranty company's FAQ, docs/glossary.md).
type Repairer struct {
	Diagnosis *RepairerDiagnosis `json:"diagnosis"`
}

// RepairerDiagnosis is the repairer's diagnosis and quote, sent After the report.
type RepairerDiagnosis struct {
	After    Offset `json:"-"`
	RawAfter string `json:"after" required:"true"`
	QuoteEUR int    `json:"quote_eur" required:"true"`
	Cause    string `json:"cause" required:"true"`
}

// Warranty is what the warranty manager does.
type Warranty struct {
	Decide *WarrantyDecide `json:"decide"`
}

// WarrantyDecide is the manager's decision, sent After the report: covered up
// to CoveredEUR, or refused with a reason.
type WarrantyDecide struct {
	After      Offset `json:"-"`
	RawAfter   string `json:"after" required:"true"`
	CoveredEUR int    `json:"covered_eur"`
	Refuse     string `json:"refuse"`
}

// Diagnosis is the scripted diagnosis as the repairer sends it.
func (d *RepairerDiagnosis) Diagnosis() contract.Diagnosis {
	return contract.Diagnosis{Cause: d.Cause, QuoteEUR: d.QuoteEUR}
}

// Decision is the scripted decision as the manager sends it.
func (d *WarrantyDecide) Decision() contract.Decision {
	return contract.Decision{CoveredEUR: d.CoveredEUR, Refused: d.Refuse}
}

// checkWarranty reads the offsets of the repairer's and the manager's scripts
// and checks their values.
func (s *Scenario) checkWarranty() strictjson.FieldErrors {
	var errs strictjson.FieldErrors
	add := errs.Add
	offset := func(field, raw string) Offset {
		d, err := ParseOffset(raw)
		if err != nil {
			add(field, "%v", err)
		}
		return Offset(d)
	}
	if s.Repairer != nil && s.Repairer.Diagnosis != nil {
		d := s.Repairer.Diagnosis
		d.After = offset("repairer.diagnosis.after", d.RawAfter)
		if err := d.Diagnosis().Validate(); err != nil {
			errs = append(errs, prefixed("repairer.diagnosis", err).(strictjson.FieldErrors)...)
		}
	}
	if s.Warranty != nil && s.Warranty.Decide != nil {
		d := s.Warranty.Decide
		d.After = offset("warranty.decide.after", d.RawAfter)
		quote := d.CoveredEUR
		if s.Repairer != nil && s.Repairer.Diagnosis != nil {
			quote = s.Repairer.Diagnosis.QuoteEUR
		}
		if err := d.Decision().Validate(quote); err != nil {
			errs = append(errs, prefixed("warranty.decide", err).(strictjson.FieldErrors)...)
		}
	}
	return errs
}

// RepairerDiagnosisScript returns the repairer's scripted diagnosis, or nil.
func (s *Scenario) RepairerDiagnosisScript() *RepairerDiagnosis {
	if s.Repairer == nil {
		return nil
	}
	return s.Repairer.Diagnosis
}

// WarrantyDecisionScript returns the manager's scripted decision, or nil.
func (s *Scenario) WarrantyDecisionScript() *WarrantyDecide {
	if s.Warranty == nil {
		return nil
	}
	return s.Warranty.Decide
}
