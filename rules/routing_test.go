package rules_test

import (
	"fmt"
	"testing"

	"github.com/valetops/assistance/rules"

	"github.com/valetops/assistance/contract"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	allKinds       = []contract.VehicleKind{contract.KindLeaseReturn, contract.KindNew, contract.KindUsed}
	allAssistances = []*contract.VehicleAssistance{
		nil,
		{Type: contract.AssistanceLessor, Provider: "leaseco-assistance"},
		{Type: contract.AssistanceManufacturer, Provider: "byd-assistance", Program: "byd-eu"},
		{Type: contract.AssistanceInsurer, Provider: "mutual-assistance"},
	}
	// expectedAssistance is the assistance the conveying operator's procedure names for each vehicle kind.
	expectedAssistance = map[contract.VehicleKind]contract.AssistanceType{
		contract.KindLeaseReturn: contract.AssistanceLessor,
		contract.KindNew:         contract.AssistanceManufacturer,
		contract.KindUsed:        contract.AssistanceInsurer,
	}
)

func assistanceName(a *contract.VehicleAssistance) string {
	if a == nil {
		return "none"
	}
	return string(a.Type)
}

// TestRouteCaseEveryCombination routes every origin × vehicle kind × assistance.
func TestRouteCaseEveryCombination(t *testing.T) {
	origins := []contract.Origin{contract.OriginValetError, contract.OriginOperatorFault, contract.OriginMechanical}
	for _, origin := range origins {
		for _, kind := range allKinds {
			for _, a := range allAssistances {
				t.Run(fmt.Sprintf("%s/%s/%s", origin, kind, assistanceName(a)), func(t *testing.T) {
					q := contract.Qualification{Origin: origin, Nature: contract.NatureEngine}
					v := contract.Vehicle{Kind: kind, Assistance: a}
					r := rules.RouteCase(q, v)
					require.NotEmpty(t, r.Reason, "every route explains itself")

					switch {
					case origin == contract.OriginValetError:
						assert.Equal(t, contract.HandlerOperatorPartner, r.Handler)
						assert.Equal(t, contract.OperatorPartner, r.Provider)
						assert.Equal(t, "res-assistance", r.Provider)
						assert.Equal(t, contract.PayerOperator, r.Payer)
						assert.Equal(t, contract.LiabilityValet, r.Liability)
						assert.False(t, r.PaidOptions, "the client is never asked to pay for a valet error")
						assert.Contains(t, r.Reason, "valet error")
					case origin == contract.OriginOperatorFault:
						assert.Equal(t, contract.HandlerOperatorPartner, r.Handler)
						assert.Equal(t, contract.OperatorPartner, r.Provider)
						assert.Equal(t, contract.PayerOperator, r.Payer)
						assert.Equal(t, contract.LiabilityOperator, r.Liability)
						assert.False(t, r.PaidOptions, "the client is never asked to pay for the operator's fault")
						assert.Contains(t, r.Reason, "operator fault")
					case a == nil:
						assert.Equal(t, contract.HandlerOperatorArranged, r.Handler)
						assert.Equal(t, contract.OperatorPartner, r.Provider)
						assert.Equal(t, contract.PayerClient, r.Payer)
						assert.True(t, r.PaidOptions, "options are presented to the client for approval")
						assert.Equal(t, contract.LiabilityNone, r.Liability)
						assert.Contains(t, r.Reason, "no assistance of its own")
						assert.Contains(t, r.Reason, string(kind))
					default:
						wantHandler := map[contract.AssistanceType]contract.Handler{
							contract.AssistanceLessor:       contract.HandlerLessor,
							contract.AssistanceManufacturer: contract.HandlerManufacturer,
							contract.AssistanceInsurer:      contract.HandlerInsurer,
						}[a.Type]
						wantPayer := map[contract.AssistanceType]contract.Payer{
							contract.AssistanceLessor:       contract.PayerLessor,
							contract.AssistanceManufacturer: contract.PayerManufacturer,
							contract.AssistanceInsurer:      contract.PayerInsurer,
						}[a.Type]
						assert.Equal(t, wantHandler, r.Handler)
						assert.Equal(t, wantPayer, r.Payer)
						assert.Equal(t, a.Provider, r.Provider, "the vehicle's own assistance is called")
						assert.Equal(t, contract.LiabilityNone, r.Liability)
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
		origin    contract.Origin
		vehicle   contract.Vehicle
		handler   contract.Handler
		provider  string
		payer     contract.Payer
		liability contract.Liability
		reason    string
	}{
		{"p01 wrong fuel in a lease return", contract.OriginValetError,
			contract.Vehicle{Kind: contract.KindLeaseReturn, Assistance: &contract.VehicleAssistance{
				Type:     contract.AssistanceLessor,
				Provider: "leaseco-assistance",
			}},
			contract.HandlerOperatorPartner, "res-assistance", contract.PayerOperator, contract.LiabilityValet, "liability on the valet"},
		{"p02 puncture in a used car", contract.OriginOperatorFault,
			contract.Vehicle{Kind: contract.KindUsed, Assistance: &contract.VehicleAssistance{
				Type:     contract.AssistanceInsurer,
				Provider: "mutual-assistance",
			}},
			contract.HandlerOperatorPartner, "res-assistance", contract.PayerOperator, contract.LiabilityOperator, "through its partner"},
		{"p03 lease return, lessor", contract.OriginMechanical,
			contract.Vehicle{Kind: contract.KindLeaseReturn, Assistance: &contract.VehicleAssistance{
				Type:     contract.AssistanceLessor,
				Provider: "leaseco-assistance",
			}},
			contract.HandlerLessor, "leaseco-assistance", contract.PayerLessor, contract.LiabilityNone, "the lessor's assistance"},
		{"p04 new vehicle, manufacturer", contract.OriginMechanical,
			contract.Vehicle{Kind: contract.KindNew, Assistance: &contract.VehicleAssistance{
				Type:     contract.AssistanceManufacturer,
				Provider: "byd-assistance",
				Program:  "byd-eu",
			}},
			contract.HandlerManufacturer, "byd-assistance", contract.PayerManufacturer, contract.LiabilityNone, "new-vehicle warranty"},
		{"p05 used vehicle, insurer", contract.OriginMechanical,
			contract.Vehicle{Kind: contract.KindUsed, Assistance: &contract.VehicleAssistance{
				Type:     contract.AssistanceInsurer,
				Provider: "mutual-assistance",
			}},
			contract.HandlerInsurer, "mutual-assistance", contract.PayerInsurer, contract.LiabilityNone, "insurance checked"},
		{"p06 used vehicle without assistance", contract.OriginMechanical,
			contract.Vehicle{Kind: contract.KindUsed},
			contract.HandlerOperatorArranged, "res-assistance", contract.PayerClient, contract.LiabilityNone, "for the client to approve"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rules.RouteCase(contract.Qualification{Origin: tc.origin}, tc.vehicle)
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
		origin  contract.Origin
		vehicle contract.Vehicle
	}{
		{"lessor", contract.OriginMechanical, contract.Vehicle{Kind: contract.KindLeaseReturn, Assistance: &contract.VehicleAssistance{
			Type:     contract.AssistanceLessor,
			Provider: "leaseco-assistance",
		}}},
		{"manufacturer", contract.OriginMechanical, contract.Vehicle{Kind: contract.KindNew, Assistance: &contract.VehicleAssistance{
			Type:     contract.AssistanceManufacturer,
			Provider: "byd-assistance",
		}}},
		{"insurer", contract.OriginMechanical, contract.Vehicle{Kind: contract.KindUsed, Assistance: &contract.VehicleAssistance{
			Type:     contract.AssistanceInsurer,
			Provider: "mutual-assistance",
		}}},
	}
	for _, p := range primaries {
		for _, why := range []string{"is saturated", "does not answer", "refused"} {
			t.Run(p.name+" "+why, func(t *testing.T) {
				primary := rules.RouteCase(contract.Qualification{Origin: p.origin}, p.vehicle)
				alt, ok := rules.FallbackRoute(primary, why)
				require.True(t, ok)
				assert.Equal(t, contract.HandlerOperatorPartner, alt.Handler)
				assert.Equal(t, "res-assistance", alt.Provider)
				assert.Equal(t, contract.PayerOperator, alt.Payer, "the alternative is on the operator's account")
				assert.False(t, alt.PaidOptions)
				assert.Equal(t, primary.Liability, alt.Liability)
				assert.Contains(t, alt.Reason, primary.Provider+" "+why)
				assert.Contains(t, alt.Reason, "alternative")
			})
		}
	}

	refused := []struct {
		name    string
		origin  contract.Origin
		vehicle contract.Vehicle
	}{
		{"valet error", contract.OriginValetError, contract.Vehicle{Kind: contract.KindNew, Assistance: &contract.VehicleAssistance{
			Type:     contract.AssistanceManufacturer,
			Provider: "byd-assistance",
		}}},
		{"operator fault", contract.OriginOperatorFault, contract.Vehicle{Kind: contract.KindUsed}},
		{"no assistance of its own", contract.OriginMechanical, contract.Vehicle{Kind: contract.KindUsed}},
	}
	for _, p := range refused {
		t.Run("primary already res-assistance: "+p.name, func(t *testing.T) {
			primary := rules.RouteCase(contract.Qualification{Origin: p.origin}, p.vehicle)
			require.Equal(t, "res-assistance", primary.Provider)
			alt, ok := rules.FallbackRoute(primary, "is saturated")
			assert.False(t, ok)
			assert.Equal(t, rules.Route{}, alt)
		})
	}
}
