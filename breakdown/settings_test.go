package breakdown

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
