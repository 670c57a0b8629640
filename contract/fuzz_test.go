package contract_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/valetops/assistance/contract"

	"github.com/valetops/assistance/contract/strictjson"
)

// FuzzParseReport: whatever the valet's app sends, ParseReport never panics. It
// either returns a valid report, which survives a round trip through JSON, or a
// refusal made of strictjson.FieldErrors that each say why (and name the field, unless the
// whole document is wrong).
//
// The seed corpus in testdata/fuzz/FuzzParseReport holds the report of every
// public scenario (shared/scenarios, coverage/ too: scenario_*), broken variants
// of p04's report (broken_*), valid edge values (valid_*) and whole documents
// that are not a report (document_*); `go test` runs them all.
func FuzzParseReport(f *testing.F) {
	// Broken variants made here rather than in files: each field of p04's report
	// left out, set to null, or given a value of the wrong JSON type.
	var base map[string]any
	if err := json.Unmarshal([]byte(p04Report), &base); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(p04Report))
	for _, path := range fieldPaths(base, "") {
		for _, v := range []any{deleted{}, nil, "x", 7, true, []any{}, map[string]any{}} {
			f.Add(withValue(f, base, path, v))
		}
	}
	for _, s := range []string{"", " ", "{", "}", "[]", "null", "0", `""`, "{}", `{"":0}`, `{"vehicle":{"":0}}`,
		p04Report + "}", p04Report + "]", p04Report + " {}", p04Report + " null", "\xef\xbb\xbf" + p04Report} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := contract.ParseReport(data)
		if err != nil {
			checkRefusal(t, data, r, err)
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("ParseReport accepted a report Validate refuses: %v\n%q", err, data)
		}
		nullRequired := requiredNulls(data)
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("an accepted report does not marshal: %v\n%q", err, data)
		}
		r2, err := contract.ParseReport(again)
		if err != nil {
			t.Fatalf("an accepted report, marshalled again, is refused: %v\nsent: %q\nagain: %s", err, data, again)
		}
		if !reflect.DeepEqual(normalised(r), normalised(r2)) {
			t.Fatalf("the report changed in a round trip through JSON:\n%#v\n%#v\nsent: %q", r, r2, data)
		}
		if len(nullRequired) > 0 {
			t.Fatalf("%s (here: %v)", bugNullRequired, nullRequired)
		}
	})
}

const bugNullRequired = `BUG: a required field sent as null is taken as present: strictjson.Decode's checkShape only ` +
	`checks that the key is there, json.Unmarshal leaves the zero value, and Validate cannot tell. ` +
	`"drivable": null is accepted as drivable=false, "location": {"lat": null, "lon": null, ...} as 0,0`

// TestRequiredFieldsRefuseNull: null is not a value for a required field, nor
// for the coordinates (left out, not null, when the position is unknown).
func TestRequiredFieldsRefuseNull(t *testing.T) {
	for _, path := range []string{"drivable", "location.lat", "location.lon"} {
		t.Run(path, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(p04Report), &m); err != nil {
				t.Fatal(err)
			}
			obj := m
			parts := strings.Split(path, ".")
			for _, p := range parts[:len(parts)-1] {
				obj = obj[p].(map[string]any)
			}
			obj[parts[len(parts)-1]] = nil
			data, _ := json.Marshal(m)
			_, err := contract.ParseReport(data)
			if err == nil {
				t.Fatalf("%s: null accepted", path)
			}
			if got := strictjson.FirstField(err); got != path {
				t.Errorf("the refusal names %q, not %q: %v", got, path, err)
			}
		})
	}
}

// requiredNulls lists the members of a report document that are tagged
// required:"true" in Report and sent as null.
func requiredNulls(data []byte) []string {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var out []string
	var walk func(t reflect.Type, v any, path string)
	walk = func(t reflect.Type, v any, path string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			obj, ok := v.(map[string]any)
			if !ok {
				return
			}
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				p := name
				if path != "" {
					p = path + "." + name
				}
				member, present := obj[name]
				if present && member == nil && f.Tag.Get("required") == "true" {
					out = append(out, p)
				}
				walk(f.Type, member, p)
			}
		case reflect.Slice:
			arr, _ := v.([]any)
			for i, item := range arr {
				walk(t.Elem(), item, path+"["+strconv.Itoa(i)+"]")
			}
		}
	}
	walk(reflect.TypeOf(contract.Report{}), doc, "")
	return out
}

// checkRefusal checks the shape of ParseReport's error.
func checkRefusal(t *testing.T, data []byte, r contract.Report, err error) {
	t.Helper()
	if !reflect.DeepEqual(r, contract.Report{}) {
		t.Errorf("a refused report came back with content: %#v", r)
	}
	var entries strictjson.FieldErrors
	switch e := err.(type) {
	case *strictjson.FieldError:
		if e == nil {
			t.Fatalf("a nil *strictjson.FieldError as a non-nil error for %q", data)
		}
		if e.Field == "" {
			if !wholeDocument(e.Reason) {
				t.Fatalf("a refusal without a field is not about the whole document: %q\nsent: %q", e.Reason, data)
			}
			return
		}
		entries = strictjson.FieldErrors{e}
	case strictjson.FieldErrors:
		if len(e) == 0 {
			t.Fatalf("an empty strictjson.FieldErrors as a non-nil error for %q", data)
		}
		entries = e
	default:
		t.Fatalf("the refusal is a %T, not a strictjson.FieldError: %v\nsent: %q", err, err, data)
	}
	emptyKey := false
	for i, fe := range entries {
		if fe == nil {
			t.Fatalf("entry %d of the refusal is nil: %v\nsent: %q", i, err, data)
		}
		if fe.Field == "" && fe.Reason == "unknown field" {
			emptyKey = true // see TestUnknownEmptyKeyIsNamed
			continue
		}
		if strings.TrimSpace(fe.Reason) == "" {
			t.Errorf("entry %d (%q) gives no reason: %v\nsent: %q", i, fe.Field, err, data)
		}
		if fe.Field == "" {
			t.Errorf("entry %d names no field: %q\nsent: %q", i, fe.Reason, data)
		}
		if !strings.HasPrefix(fe.Error(), fe.Field+": ") {
			t.Errorf("entry %d does not read FIELD: REASON: %q", i, fe.Error())
		}
	}
	if first := strictjson.FirstField(err); first != entries[0].Field {
		t.Errorf("strictjson.FirstField says %q, the first entry names %q", first, entries[0].Field)
	}
	if emptyKey {
		t.Fatal(bugEmptyKey)
	}
}

const bugEmptyKey = `BUG: an unknown member whose key is the empty string ({"": 0} at the top level of the ` +
	`report) is refused with strictjson.FieldError{Field: "", Reason: "unknown field"}: the message names no field ` +
	`(strictjson.Decode's checkShape joins an empty path with an empty key), strictjson.FirstField returns "", and the ` +
	`webhook answers 400 without a field for such a body`

// TestUnknownEmptyKeyIsNamed: a refusal names the field, even a field named "".
func TestUnknownEmptyKeyIsNamed(t *testing.T) {
	_, err := contract.ParseReport([]byte(`{"":0}`))
	if err == nil {
		t.Fatal("accepted")
	}
	if strictjson.FirstField(err) == "" {
		t.Errorf("the refusal names no field: %v", err)
	}
}

// wholeDocument reports whether a refusal without a field is about the whole
// document: not JSON, more than one document, or JSON that is not an object.
// "invalid character '}' after top-level value" is what encoding/json says of a
// report followed by a stray '}' or ']' (the decoder's More stops at them, see
// TestParseReportRefuses "trailing brace"); it has no "not valid JSON" prefix.
func wholeDocument(reason string) bool {
	return strings.HasPrefix(reason, "not valid JSON") ||
		strings.HasPrefix(reason, "must be a JSON object, not ") ||
		(strings.HasPrefix(reason, "invalid character ") && strings.HasSuffix(reason, " after top-level value"))
}

// normalised treats an empty list as a missing one: prior_cases is omitempty,
// so [] and an absent list both come back as absent.
func normalised(r contract.Report) contract.Report {
	if len(r.PriorCases) == 0 {
		r.PriorCases = nil
	}
	return r
}

// deleted marks a field withValue leaves out.
type deleted struct{}

// fieldPaths lists the dotted paths of every member of a decoded document.
func fieldPaths(m map[string]any, prefix string) []string {
	var out []string
	for k, v := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		out = append(out, p)
		if sub, ok := v.(map[string]any); ok {
			out = append(out, fieldPaths(sub, p)...)
		}
	}
	sort.Strings(out)
	return out
}

// withValue returns base as JSON with the member at path set to v (or left out).
func withValue(f *testing.F, base map[string]any, path string, v any) []byte {
	f.Helper()
	var m map[string]any
	data, _ := json.Marshal(base)
	if err := json.Unmarshal(data, &m); err != nil {
		f.Fatal(err)
	}
	obj := m
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		obj = obj[p].(map[string]any)
	}
	last := parts[len(parts)-1]
	if _, ok := v.(deleted); ok {
		delete(obj, last)
	} else {
		obj[last] = v
	}
	out, err := json.Marshal(m)
	if err != nil {
		f.Fatal(err)
	}
	return out
}
