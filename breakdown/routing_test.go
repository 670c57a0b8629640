package breakdown_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/valetops/assistance/breakdown"
)

var (
	allKinds       = []breakdown.VehicleKind{breakdown.KindLeaseReturn, breakdown.KindNew, breakdown.KindUsed}
	allAssistances = []*breakdown.VehicleAssistance{
		nil,
		{Type: breakdown.AssistanceLessor, Provider: "leaseco-assistance"},
		{Type: breakdown.AssistanceManufacturer, Provider: "byd-assistance", Program: "byd-eu"},
		{Type: breakdown.AssistanceInsurer, Provider: "mutual-assistance"},
	}
	// expectedAssistance is the assistance the conveying operator's procedure names for each vehicle kind.
	expectedAssistance = map[breakdown.VehicleKind]breakdown.AssistanceType{
		breakdown.KindLeaseReturn: breakdown.AssistanceLessor,
		breakdown.KindNew:         breakdown.AssistanceManufacturer,
		breakdown.KindUsed:        breakdown.AssistanceInsurer,
	}
)

func assistanceName(a *breakdown.VehicleAssistance) string {
	if a == nil {
		return "none"
	}
	return string(a.Type)
}

// TestRouteCaseEveryCombination routes every origin × vehicle kind × assistance.
func TestRouteCaseEveryCombination(t *testing.T) {
	origins := []breakdown.Origin{breakdown.OriginValetError, breakdown.OriginOperatorFault, breakdown.OriginMechanical}
	for _, origin := range origins {
		for _, kind := range allKinds {
			for _, a := range allAssistances {
				t.Run(fmt.Sprintf("%s/%s/%s", origin, kind, assistanceName(a)), func(t *testing.T) {
					q := breakdown.Qualification{Origin: origin, Nature: breakdown.NatureEngine}
					v := breakdown.Vehicle{Kind: kind, Assistance: a}
					r := breakdown.RouteCase(q, v)
					require.NotEmpty(t, r.Reason, "every route explains itself")

					switch {
					case origin == breakdown.OriginValetError:
						assert.Equal(t, breakdown.HandlerOperatorPartner, r.Handler)
						assert.Equal(t, breakdown.OperatorPartner, r.Provider)
						assert.Equal(t, "res-assistance", r.Provider)
						assert.Equal(t, breakdown.PayerOperator, r.Payer)
						assert.Equal(t, breakdown.LiabilityValet, r.Liability)
						assert.False(t, r.PaidOptions, "the client is never asked to pay for a valet error")
						assert.Contains(t, r.Reason, "valet error")
					case origin == breakdown.OriginOperatorFault:
						assert.Equal(t, breakdown.HandlerOperatorPartner, r.Handler)
						assert.Equal(t, breakdown.OperatorPartner, r.Provider)
						assert.Equal(t, breakdown.PayerOperator, r.Payer)
						assert.Equal(t, breakdown.LiabilityOperator, r.Liability)
						assert.False(t, r.PaidOptions, "the client is never asked to pay for the operator's fault")
						assert.Contains(t, r.Reason, "operator fault")
					case a == nil:
						assert.Equal(t, breakdown.HandlerOperatorArranged, r.Handler)
						assert.Equal(t, breakdown.OperatorPartner, r.Provider)
						assert.Equal(t, breakdown.PayerClient, r.Payer)
						assert.True(t, r.PaidOptions, "options are presented to the client for approval")
						assert.Equal(t, breakdown.LiabilityNone, r.Liability)
						assert.Contains(t, r.Reason, "no assistance of its own")
						assert.Contains(t, r.Reason, string(kind))
					default:
						wantHandler := map[breakdown.AssistanceType]breakdown.Handler{
							breakdown.AssistanceLessor:       breakdown.HandlerLessor,
							breakdown.AssistanceManufacturer: breakdown.HandlerManufacturer,
							breakdown.AssistanceInsurer:      breakdown.HandlerInsurer,
						}[a.Type]
						wantPayer := map[breakdown.AssistanceType]breakdown.Payer{
							breakdown.AssistanceLessor:       breakdown.PayerLessor,
							breakdown.AssistanceManufacturer: breakdown.PayerManufacturer,
							breakdown.AssistanceInsurer:      breakdown.PayerInsurer,
						}[a.Type]
						assert.Equal(t, wantHandler, r.Handler)
						assert.Equal(t, wantPayer, r.Payer)
						assert.Equal(t, a.Provider, r.Provider, "the vehicle's own assistance is called")
						assert.Equal(t, breakdown.LiabilityNone, r.Liability)
						assert.False(t, r.PaidOptions)
						assert.Contains(t, r.Reason, "mechanical breakdown")
						assert.Contains(t, r.Reason, a.Provider)
						if expectedAssistance[kind] == a.Type {
							assert.NotContains(t, r.Reason, "but its own assistance is")
						} else {
							assert.Contains(t, r.Reason, fmt.Sprintf("(a %s vehicle, but its own assistance is its %s's)", kind, a.Type))
						}
					}
				})
			}
		}
	}
}

func TestRouteCaseSeedExamples(t *testing.T) {
	tests := []struct {
		name      string
		origin    breakdown.Origin
		vehicle   breakdown.Vehicle
		handler   breakdown.Handler
		provider  string
		payer     breakdown.Payer
		liability breakdown.Liability
		reason    string
	}{
		{"p01 wrong fuel in a lease return", breakdown.OriginValetError,
			breakdown.Vehicle{Kind: breakdown.KindLeaseReturn, Assistance: &breakdown.VehicleAssistance{
				Type:     breakdown.AssistanceLessor,
				Provider: "leaseco-assistance",
			}},
			breakdown.HandlerOperatorPartner, "res-assistance", breakdown.PayerOperator, breakdown.LiabilityValet, "liability on the valet"},
		{"p02 puncture in a used car", breakdown.OriginOperatorFault,
			breakdown.Vehicle{Kind: breakdown.KindUsed, Assistance: &breakdown.VehicleAssistance{
				Type:     breakdown.AssistanceInsurer,
				Provider: "mutual-assistance",
			}},
			breakdown.HandlerOperatorPartner, "res-assistance", breakdown.PayerOperator, breakdown.LiabilityOperator, "through its partner"},
		{"p03 lease return, lessor", breakdown.OriginMechanical,
			breakdown.Vehicle{Kind: breakdown.KindLeaseReturn, Assistance: &breakdown.VehicleAssistance{
				Type:     breakdown.AssistanceLessor,
				Provider: "leaseco-assistance",
			}},
			breakdown.HandlerLessor, "leaseco-assistance", breakdown.PayerLessor, breakdown.LiabilityNone, "the lessor's assistance"},
		{"p04 new vehicle, manufacturer", breakdown.OriginMechanical,
			breakdown.Vehicle{Kind: breakdown.KindNew, Assistance: &breakdown.VehicleAssistance{
				Type:     breakdown.AssistanceManufacturer,
				Provider: "byd-assistance",
				Program:  "byd-eu",
			}},
			breakdown.HandlerManufacturer, "byd-assistance", breakdown.PayerManufacturer, breakdown.LiabilityNone, "new-vehicle warranty"},
		{"p05 used vehicle, insurer", breakdown.OriginMechanical,
			breakdown.Vehicle{Kind: breakdown.KindUsed, Assistance: &breakdown.VehicleAssistance{
				Type:     breakdown.AssistanceInsurer,
				Provider: "mutual-assistance",
			}},
			breakdown.HandlerInsurer, "mutual-assistance", breakdown.PayerInsurer, breakdown.LiabilityNone, "insurance checked"},
		{"p06 used vehicle without assistance", breakdown.OriginMechanical,
			breakdown.Vehicle{Kind: breakdown.KindUsed},
			breakdown.HandlerOperatorArranged, "res-assistance", breakdown.PayerClient, breakdown.LiabilityNone, "for the client to approve"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := breakdown.RouteCase(breakdown.Qualification{Origin: tc.origin}, tc.vehicle)
			assert.Equal(t, tc.handler, r.Handler)
			assert.Equal(t, tc.provider, r.Provider)
			assert.Equal(t, tc.payer, r.Payer)
			assert.Equal(t, tc.liability, r.Liability)
			assert.Contains(t, r.Reason, tc.reason)
		})
	}
}

func TestFallbackRoute(t *testing.T) {
	primaries := []struct {
		name    string
		origin  breakdown.Origin
		vehicle breakdown.Vehicle
	}{
		{"lessor", breakdown.OriginMechanical, breakdown.Vehicle{Kind: breakdown.KindLeaseReturn, Assistance: &breakdown.VehicleAssistance{
			Type:     breakdown.AssistanceLessor,
			Provider: "leaseco-assistance",
		}}},
		{"manufacturer", breakdown.OriginMechanical, breakdown.Vehicle{Kind: breakdown.KindNew, Assistance: &breakdown.VehicleAssistance{
			Type:     breakdown.AssistanceManufacturer,
			Provider: "byd-assistance",
		}}},
		{"insurer", breakdown.OriginMechanical, breakdown.Vehicle{Kind: breakdown.KindUsed, Assistance: &breakdown.VehicleAssistance{
			Type:     breakdown.AssistanceInsurer,
			Provider: "mutual-assistance",
		}}},
	}
	for _, p := range primaries {
		for _, why := range []string{"is saturated", "does not answer", "refused"} {
			t.Run(p.name+" "+why, func(t *testing.T) {
				primary := breakdown.RouteCase(breakdown.Qualification{Origin: p.origin}, p.vehicle)
				alt, ok := breakdown.FallbackRoute(primary, why)
				require.True(t, ok)
				assert.Equal(t, breakdown.HandlerOperatorPartner, alt.Handler)
				assert.Equal(t, "res-assistance", alt.Provider)
				assert.Equal(t, breakdown.PayerOperator, alt.Payer, "the alternative is on the operator's account")
				assert.False(t, alt.PaidOptions)
				assert.Equal(t, primary.Liability, alt.Liability)
				assert.Contains(t, alt.Reason, primary.Provider+" "+why)
				assert.Contains(t, alt.Reason, "alternative")
			})
		}
	}

	refused := []struct {
		name    string
		origin  breakdown.Origin
		vehicle breakdown.Vehicle
	}{
		{"valet error", breakdown.OriginValetError, breakdown.Vehicle{Kind: breakdown.KindNew, Assistance: &breakdown.VehicleAssistance{
			Type:     breakdown.AssistanceManufacturer,
			Provider: "byd-assistance",
		}}},
		{"operator fault", breakdown.OriginOperatorFault, breakdown.Vehicle{Kind: breakdown.KindUsed}},
		{"no assistance of its own", breakdown.OriginMechanical, breakdown.Vehicle{Kind: breakdown.KindUsed}},
	}
	for _, p := range refused {
		t.Run("primary already res-assistance: "+p.name, func(t *testing.T) {
			primary := breakdown.RouteCase(breakdown.Qualification{Origin: p.origin}, p.vehicle)
			require.Equal(t, "res-assistance", primary.Provider)
			alt, ok := breakdown.FallbackRoute(primary, "is saturated")
			assert.False(t, ok)
			assert.Equal(t, breakdown.Route{}, alt)
		})
	}
}
