package strictjson

import (
	"errors"
	"fmt"
	"strings"
)

// FieldError says which field of an input is wrong and why. Field is a dotted
// path in the JSON document, such as "vehicle.kind" or "prior_cases[1].at".
type FieldError struct {
	Field  string
	Reason string
}

// Error returns "FIELD: REASON".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// FieldErrors is every problem found in one input, in the order of its fields.
type FieldErrors []*FieldError

// Error joins the problems with "; ".
func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap lets errors.As find each FieldError.
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Add records a problem with a field.
func (es *FieldErrors) Add(field, format string, args ...any) {
	*es = append(*es, &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Err returns the problems as an error, or nil when none was found.
func (es FieldErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// FirstField returns the field named by the first FieldError in err, or "".
func FirstField(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// Path makes the dotted path of a field inside prefix ("vehicle" and "kind"
// give "vehicle.kind"; an empty prefix gives name).
func Path(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
