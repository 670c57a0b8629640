package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/valetops/assistance/contract"
)

// Mismatch is one key of expect that the outcome does not match.
type Mismatch struct {
	Key      string
	Expected string
	Actual   string
}

// String prints "key: expected X, got Y".
func (m Mismatch) String() string {
	return fmt.Sprintf("%s: expected %s, got %s", m.Key, m.Expected, m.Actual)
}

// Check compares an outcome with the scenario's expect: every key given must
// match; lists compare as sets, except client_notified, valet_notified and
// ops_alerted, which must contain the expected items; service_providers
// must name the expected provider for each service it names. ops_alerted is
// read from the outcome's ops_alerts (the kinds raised, handled or not).
func (s *Scenario) Check(o contract.Outcome) []Mismatch {
	data, _ := json.Marshal(o)
	var actual map[string]json.RawMessage
	_ = json.Unmarshal(data, &actual)
	actual["ops_alerted"], _ = json.Marshal(o.AlertedKinds())
	keys := make([]string, 0, len(s.Expect))
	for k := range s.Expect {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Mismatch
	for _, k := range keys {
		want, got := s.Expect[k], actual[k]
		var ok bool
		switch expectKinds[k] {
		case "set":
			ok = sameSet(stringList(want), stringList(got))
		case "contains":
			ok = contains(stringList(got), stringList(want))
		case "bool":
			ok = boolOf(want) == boolOf(got)
		case "present":
			// event_number: true when the outcome carries one
			ok = boolOf(want) == (stringOf(got) != "")
		case "map":
			ok = containsMap(mapOf(got), mapOf(want))
		default:
			ok = stringOf(want) == stringOf(got)
		}
		if !ok {
			out = append(out, Mismatch{Key: k, Expected: compact(want), Actual: compact(got)})
		}
	}
	return out
}

func stringList(raw json.RawMessage) []string {
	var l []string
	_ = json.Unmarshal(raw, &l)
	return l
}

func mapOf(raw json.RawMessage) map[string]string {
	var m map[string]string
	_ = json.Unmarshal(raw, &m)
	return m
}

// containsMap reports whether have names the same value for every key of want.
func containsMap(have, want map[string]string) bool {
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			return false
		}
	}
	return true
}

func stringOf(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func boolOf(raw json.RawMessage) bool {
	var b bool
	_ = json.Unmarshal(raw, &b)
	return b
}

func compact(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "(absent)"
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

func sameSet(a, b []string) bool {
	return contains(a, b) && contains(b, a)
}

// contains reports whether have holds every item of want.
func contains(have, want []string) bool {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}
