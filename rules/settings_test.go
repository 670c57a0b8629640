package rules

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCaseTimeMapsScaledTimeBackToTheReport(t *testing.T) {
	reported := time.Date(2026, 5, 7, 9, 0, 0, 0, time.UTC)
	opened := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	now := opened.Add(30 * time.Second)
	assert.Equal(t, now, DefaultSettings().CaseTime(reported, opened, now), "real time: the moment itself")
	scaled := DefaultSettings().Scaled(200)
	assert.Equal(t, 200.0, scaled.TimeScale)
	assert.Equal(t, reported.Add(100*time.Minute), scaled.CaseTime(reported, opened, now), "30 s at ×200 is 100 min after the report")
}

func TestWarrantyWindowsDefaultWhenRecordedWithout(t *testing.T) {
	d, w := Settings{}.WarrantyWindows()
	assert.Equal(t, 48*time.Hour, d, "a case whose settings predate the warranty windows gets the defaults")
	assert.Equal(t, 24*time.Hour, w)
	d, w = Settings{TimeScale: 60}.WarrantyWindows()
	assert.Equal(t, 48*time.Minute, d, "scaled like the other windows")
	assert.Equal(t, 24*time.Minute, w)
	d, w = Settings{WarrantyDiagnosisWindow: time.Hour, WarrantyDecisionWindow: 2 * time.Hour}.WarrantyWindows()
	assert.Equal(t, time.Hour, d, "a client's own windows")
	assert.Equal(t, 2*time.Hour, w)
}
