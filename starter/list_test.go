package starter

import "testing"

func TestFilterQuery(t *testing.T) {
	const base = "WorkflowType = 'BreakdownCase'"
	tests := []struct {
		name   string
		filter Filter
		want   string
	}{
		{"every case", Filter{}, base},
		{"stage", Filter{Stage: "awaiting_approval"}, base + " AND CaseStage = 'awaiting_approval'"},
		{"mission and client", Filter{MissionID: "M-1006", ClientID: "C-DEALER"},
			base + " AND MissionId = 'M-1006' AND ClientId = 'C-DEALER'"},
		{"every attribute in a fixed order", Filter{Handler: "lessor", Nature: "engine", Origin: "mechanical",
			VIN: "WVWZZZAUZHP000004", Plate: "DL-404-NN", ClientID: "C", MissionID: "M", Stage: "closed"},
			base + " AND CaseStage = 'closed' AND MissionId = 'M' AND ClientId = 'C' AND Plate = 'DL-404-NN'" +
				" AND Vin = 'WVWZZZAUZHP000004' AND Origin = 'mechanical' AND Nature = 'engine' AND Handler = 'lessor'"},
		{"waiting for approval", Filter{WaitingForApproval: true}, base + " AND WaitingForApproval = true"},
		{"waiting for warranty", Filter{WaitingForWarranty: true}, base + " AND WaitingForWarranty = true"},
		{"open", Filter{Open: true}, base + " AND ExecutionStatus = 'Running'"},
		{"raw query in parentheses", Filter{Open: true, Raw: "  CaseStage = 'closed' OR Plate = 'X'  "},
			base + " AND ExecutionStatus = 'Running' AND (CaseStage = 'closed' OR Plate = 'X')"},
		{"blank raw query ignored", Filter{Raw: " \t"}, base},
		{"single quote escaped", Filter{Plate: "O'BRIEN"}, base + ` AND Plate = 'O\'BRIEN'`},
		{"injection stays a value", Filter{MissionID: "M' OR '1'='1"}, base + ` AND MissionId = 'M\' OR \'1\'=\'1'`},
		{"backslash and double quote escaped", Filter{Plate: `A\B"C`}, base + ` AND Plate = 'A\\B\"C'`},
		{"control characters escaped", Filter{ClientID: "a\nb\tc\rd\x00e\x1af\bg"}, base + ` AND ClientId = 'a\nb\tc\rd\0e\Zf\bg'`},
		{"non-ASCII kept", Filter{Plate: "ÉTÉ-42"}, base + " AND Plate = 'ÉTÉ-42'"},
		{"limit is not part of the query", Filter{Limit: 3}, base},
		{"needing ops", Filter{NeedsOps: true}, base + " AND ExecutionStatus = 'Running' AND OpsAttention IS NOT NULL"},
		{"an alert kind", Filter{Attention: "unassisted"}, base + " AND OpsAttention = 'unassisted'"},
		{"waiting for the client's approval", Filter{WaitingForApproval: true, Open: true},
			base + " AND ExecutionStatus = 'Running' AND WaitingForApproval = true"},
		{"late providers", Filter{Late: true}, base + " AND ExecutionStatus = 'Running' AND EtaBreached = true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Query(); got != tt.want {
				t.Errorf("Query()\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
