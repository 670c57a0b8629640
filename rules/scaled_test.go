package rules_test

import (
	"testing"
	"time"

	"github.com/valetops/assistance/rules"

	"github.com/stretchr/testify/assert"
)

func TestSettingsScaled(t *testing.T) {
	def := rules.DefaultSettings()
	assert.Equal(t, 10*time.Minute, def.QualificationWindow)
	assert.Equal(t, 30*time.Minute, def.SaturationWindow)
	assert.Equal(t, 30*time.Minute, def.ReminderEvery)
	assert.Equal(t, 2*time.Hour, def.ApprovalDeadline)

	tests := []struct {
		name   string
		factor float64
		want   rules.Settings
	}{
		{"factor 1 keeps the windows", 1, def},
		{"factor 0 keeps the windows", 0, def},
		{"a negative factor keeps the windows", -60, def},
		{"an hour in a minute", 60, rules.Settings{
			QualificationWindow: 10 * time.Second,
			SaturationWindow:    30 * time.Second,
			RetryInitial:        time.Second,
			RetryMax:            5 * time.Second,
			ReminderEvery:       30 * time.Second,
			ApprovalDeadline:    2 * time.Minute,
			FollowTimeout:       8 * time.Minute,
			ChoiceWindow:        2 * time.Minute,
			DecisionWindow:      5 * time.Second,
			PositionWindow:      15 * time.Second,
			PositionOpsWindow:   2 * time.Minute,
			OpsWindow:           2 * time.Minute,
			OpsReminderEvery:    30 * time.Second,
			TimeScale:           60,

			WarrantyDiagnosisWindow: 48 * time.Minute,
			WarrantyDecisionWindow:  24 * time.Minute,

			OfferWindow: 5 * time.Second,
			EtaGrace:    30 * time.Second,
			EtaGiveUp:   time.Minute,
			MaxETA:      2 * time.Minute,
		}},
		{"never below 10ms", 1e9, rules.Settings{
			QualificationWindow: 10 * time.Millisecond,
			SaturationWindow:    10 * time.Millisecond,
			RetryInitial:        10 * time.Millisecond,
			RetryMax:            10 * time.Millisecond,
			ReminderEvery:       10 * time.Millisecond,
			ApprovalDeadline:    10 * time.Millisecond,
			FollowTimeout:       10 * time.Millisecond,
			ChoiceWindow:        10 * time.Millisecond,
			DecisionWindow:      10 * time.Millisecond,
			PositionWindow:      10 * time.Millisecond,
			PositionOpsWindow:   10 * time.Millisecond,
			OpsWindow:           10 * time.Millisecond,
			OpsReminderEvery:    10 * time.Millisecond,
			TimeScale:           1e9,

			WarrantyDiagnosisWindow: 10 * time.Millisecond,
			WarrantyDecisionWindow:  10 * time.Millisecond,

			OfferWindow: 10 * time.Millisecond,
			EtaGrace:    10 * time.Millisecond,
			EtaGiveUp:   10 * time.Millisecond,
			MaxETA:      10 * time.Millisecond,
		}},
		{"a factor below 1 stretches", 0.5, rules.Settings{
			QualificationWindow: 20 * time.Minute,
			SaturationWindow:    time.Hour,
			RetryInitial:        2 * time.Minute,
			RetryMax:            10 * time.Minute,
			ReminderEvery:       time.Hour,
			ApprovalDeadline:    4 * time.Hour,
			FollowTimeout:       16 * time.Hour,
			ChoiceWindow:        4 * time.Hour,
			DecisionWindow:      10 * time.Minute,
			PositionWindow:      30 * time.Minute,
			PositionOpsWindow:   4 * time.Hour,
			OpsWindow:           4 * time.Hour,
			OpsReminderEvery:    time.Hour,
			TimeScale:           0.5,

			WarrantyDiagnosisWindow: 96 * time.Hour,
			WarrantyDecisionWindow:  48 * time.Hour,

			OfferWindow: 10 * time.Minute,
			EtaGrace:    time.Hour,
			EtaGiveUp:   2 * time.Hour,
			MaxETA:      4 * time.Hour,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, def.Scaled(tc.factor))
		})
	}
	t.Run("scaling does not change the original", func(t *testing.T) {
		s := rules.DefaultSettings()
		_ = s.Scaled(60)
		assert.Equal(t, def, s)
	})
}
