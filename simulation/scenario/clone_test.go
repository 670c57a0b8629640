package scenario_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/contract"
	"github.com/valetops/assistance/simulation/scenario"
)

func TestCloneForAnotherMission(t *testing.T) {
	s := withExpect(t, `{"handler": "manufacturer"}`)
	s.File = "dir/p04.json"
	c, err := s.Clone("M-1004-0001", nil)
	require.NoError(t, err)
	assert.Equal(t, "M-1004-0001", c.Report.MissionID)
	assert.JSONEq(t, `"M-1004-0001"`, string(mustField(t, c.RawReport, "mission_id")))
	assert.Equal(t, "M-1004", s.Report.MissionID, "the original keeps its mission")
	assert.Equal(t, s.File, c.File)
	c.Report.MissionID = ""
	s.Report.MissionID = ""
	c.RawReport, s.RawReport = nil, nil
	assert.Equal(t, s.Expect, c.Expect, "the rest is the same")
	assert.Equal(t, s.Report, c.Report)
}

func TestCloneChangesTheDocument(t *testing.T) {
	s := withExpect(t, `{"handler": "manufacturer"}`)
	c, err := s.Clone("", func(doc map[string]any) {
		doc["expect"].(map[string]any)["payer"] = "operator"
		doc["report"].(map[string]any)["valet_id"] = "V-99"
	})
	require.NoError(t, err)
	assert.Equal(t, "M-1004", c.Report.MissionID, "an empty mission keeps the scenario's")
	assert.Equal(t, "V-99", c.Report.ValetID)
	assert.JSONEq(t, `"operator"`, string(c.Expect["payer"]))
	assert.NotContains(t, s.Expect, "payer", "the original is unchanged")
	assert.Equal(t, "V-12", s.Report.ValetID)

	_, err = s.Clone("", func(doc map[string]any) { delete(doc, "expect") })
	assert.ErrorContains(t, err, "expect", "the changed document is checked as Parse checks a file")
	_, err = (&scenario.Scenario{Report: contract.Report{MissionID: "M-1"}}).Clone("M-2", nil)
	assert.Error(t, err, "a scenario not read from a document")
}

func mustField(t *testing.T, raw json.RawMessage, key string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	return m[key]
}
