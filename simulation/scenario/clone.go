package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Clone returns a new scenario read from s's document, as Parse read it, for
// mission (s's own when empty) and, when change is not nil, as change leaves
// the document (decoded by encoding/json: objects are map[string]any, numbers
// float64). The copy shares nothing with s and has its File. It is how a test
// plays a scenario again under another mission id, or a variant of it.
func (s *Scenario) Clone(mission string, change func(doc map[string]any)) (*Scenario, error) {
	if s.doc == nil {
		return nil, errors.New("scenario: Clone of a scenario not read by Parse")
	}
	var doc map[string]any
	if err := json.Unmarshal(s.doc, &doc); err != nil {
		return nil, err
	}
	if mission != "" {
		doc["report"].(map[string]any)["mission_id"] = mission // Parse read the report as an object
	}
	if change != nil {
		change(doc)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("clone of %s: %w", s.File, err)
	}
	c.File = s.File
	return c, nil
}
