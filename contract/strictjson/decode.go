package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Decode decodes one JSON document into v (a pointer to a struct) and
// refuses what a plain json.Unmarshal would silently accept: unknown fields (at
// any depth), a missing field tagged `required:"true"`, a null in an optional
// field tagged `null:"refused"`, trailing data. Every
// error is a *FieldError naming the field by its JSON path.
func Decode(data []byte, v any) error {
	var generic any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return &FieldError{Reason: "not valid JSON: " + err.Error()}
	}
	if dec.More() {
		return &FieldError{Reason: "not valid JSON: more than one document"}
	}
	var errs FieldErrors
	checkShape(reflect.TypeOf(v).Elem(), generic, "", &errs)
	if err := json.Unmarshal(data, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			errs = append(errs, &FieldError{Field: te.Field, Reason: fmt.Sprintf("must be a JSON %s, not %s", jsonKind(te.Type), te.Value)})
		} else {
			errs = append(errs, &FieldError{Reason: err.Error()})
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errs.Err()
}

// checkShape walks a decoded document beside the Go type it will fill.
func checkShape(t reflect.Type, value any, path string, errs *FieldErrors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if value == nil {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := value.(map[string]any)
		if !ok {
			return // json.Unmarshal reports the type mismatch with its path
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			field := Path(path, k)
			if k == "" {
				field = Path(path, `""`)
			}
			f, ok := fields[k]
			switch {
			case !ok:
				errs.Add(field, "unknown field")
			case obj[k] == nil && f.Tag.Get("required") == "true" && f.Type.Kind() != reflect.Pointer:
				errs.Add(field, "is required and must not be null")
			case obj[k] == nil && f.Tag.Get("null") == "refused":
				errs.Add(field, "must not be null: leave it out when it is unknown")
			default:
				checkShape(f.Type, obj[k], field, errs)
			}
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if _, present := obj[name]; f.IsExported() && !present && f.Tag.Get("required") == "true" {
				errs.Add(Path(path, name), "is required")
			}
		}
	case reflect.Map:
		obj, ok := value.(map[string]any)
		if !ok {
			return
		}
		for k, item := range obj {
			checkShape(t.Elem(), item, Path(path, k), errs)
		}
	case reflect.Slice:
		arr, ok := value.([]any)
		if !ok {
			return
		}
		for i, item := range arr {
			checkShape(t.Elem(), item, fmt.Sprintf("%s[%d]", path, i), errs)
		}
	}
}

// jsonFields maps JSON names to struct fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

// jsonKind names a Go type the way a JSON author thinks of it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	default:
		return "object"
	}
}

// checked is a pointer to a T that checks its own fields once decoded.
type checked[T any] interface {
	*T
	Validate() error
}

// DecodeValid decodes data strictly into a new T (as Decode) and validates it:
// the one way program files of every kind are read.
func DecodeValid[T any, P checked[T]](data []byte) (P, error) {
	v := P(new(T))
	if err := Decode(data, v); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return v, nil
}
